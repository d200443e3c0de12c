package dev.vgp.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OneDnnProbeTest {

  @Test
  void readsTheVersionAndInstructionSetOfOneDnnsVerboseHeader() {
    String header = """
        onednn_verbose,info,oneDNN v3.5.0 (commit N/A)
        onednn_verbose,info,cpu,runtime:threadpool,nthr:2
        onednn_verbose,info,cpu,isa:Intel AVX-512 with Intel DL Boost and bfloat16 support
        onednn_verbose,info,gpu,runtime:none
        onednn_verbose,primitive,create:dispatch,convolution,bad flags,src/cpu/x64/x.cpp:2357
        model         batch start s
        """;
    assertEquals("oneDNN v3.5.0, Intel AVX-512 with Intel DL Boost and bfloat16 support",
        OneDnnProbe.fromVerboseOutput(header));
  }

  @Test
  void noHeaderMeansNoOneDnnKernelRan() {
    assertEquals("no oneDNN kernel ran (TensorFlow's oneDNN is off: TF_ENABLE_ONEDNN_OPTS=0?)",
        OneDnnProbe.fromVerboseOutput("model batch\nVGG08 1\n"));
  }
}
