package dev.vgp.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CPU a benchmark or a training run ran on, as Linux's {@code /proc/cpuinfo} describes it: a
 * speed figure means little without the model, the cores and the vector instructions oneDNN can
 * use (AVX2, AVX-512 and its VNNI and BF16 extensions, AMX).
 *
 * @param model the model name, e.g. "AMD EPYC", with its family and model number when Linux
 *     gives them (26 and 2 for a Zen 5 EPYC); "unknown CPU" where there is no
 *     {@code /proc/cpuinfo}
 * @param cores the processors this JVM may use (a container's quota, not the host's count)
 * @param flags the flags of {@link #FLAGS_THAT_MATTER} the CPU has, in that order
 */
public record Cpu(String model, int cores, List<String> flags) {

  /** The ISA flags that decide which oneDNN kernels run, weakest first. */
  static final List<String> FLAGS_THAT_MATTER = List.of("avx2", "fma", "avx512f", "avx512_vnni",
      "avx512_bf16", "amx_bf16");

  public Cpu {
    flags = List.copyOf(flags);
  }

  /** This machine's CPU; the cores are the JVM's available processors. */
  public static Cpu thisMachine() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    int cores = Runtime.getRuntime().availableProcessors();
    try {
      return parse(Files.readString(cpuinfo), cores);
    } catch (IOException e) {
      return new Cpu("unknown CPU (no readable " + cpuinfo + ")", cores, List.of());
    }
  }

  /** Reads the first processor's block of a {@code /proc/cpuinfo} text. */
  static Cpu parse(String cpuinfo, int cores) {
    String name = null;
    String family = null;
    String model = null;
    Set<String> flags = new LinkedHashSet<>();
    for (String line : cpuinfo.split("\n")) {
      if (line.isBlank()) {
        if (name != null) break;
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "model name" -> name = value;
        case "cpu family" -> family = value;
        case "model" -> model = value;
        case "flags" -> flags.addAll(Arrays.asList(value.split("\\s+")));
        default -> { }
      }
    }
    String described = name == null ? "unknown CPU" : name;
    if (family != null && model != null) {
      described += " (family " + family + " model " + model + ")";
    }
    return new Cpu(described, cores, FLAGS_THAT_MATTER.stream().filter(flags::contains).toList());
  }

  /** Whether oneDNN has bfloat16 arithmetic in hardware here: AVX512_BF16 or AMX. */
  public boolean hasBfloat16() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }

  /** E.g. "AMD EPYC (family 26 model 2), 2 cores, avx2 fma avx512f avx512_vnni avx512_bf16". */
  public String describe() {
    return model + ", " + cores + (cores == 1 ? " core" : " cores") + ", "
        + (flags.isEmpty() ? "no AVX2" : String.join(" ", flags));
  }
}
