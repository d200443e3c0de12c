<#-- A user's own LaTeX template that loads a package this machine does not have. -->
\documentclass{article}
\usepackage{booktabs}
\usepackage{nonexistentpkg}
\begin{document}
Generated ${generatedAt}.
\end{document}
