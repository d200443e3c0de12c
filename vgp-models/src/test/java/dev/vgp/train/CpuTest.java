package dev.vgp.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuTest {

  /** The first two processors of this development machine's /proc/cpuinfo, shortened. */
  private static final String ZEN5 = """
      processor\t: 0
      vendor_id\t: AuthenticAMD
      cpu family\t: 26
      model\t\t: 2
      model name\t: AMD EPYC
      flags\t\t: fpu sse sse2 avx f16c fma avx2 avx512f avx512dq avx_vnni avx512_bf16 \
      avx512vbmi avx512_vnni

      processor\t: 1
      vendor_id\t: AuthenticAMD
      model name\t: another name that is not read
      flags\t\t: amx_bf16
      """;

  @Test
  void readsTheFirstProcessorsModelAndTheFlagsThatDecideOneDnnsKernels() {
    Cpu cpu = Cpu.parse(ZEN5, 2);
    assertEquals("AMD EPYC (family 26 model 2)", cpu.model());
    assertEquals(List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16"), cpu.flags());
    assertEquals("AMD EPYC (family 26 model 2), 2 cores, avx2 fma avx512f avx512_vnni"
        + " avx512_bf16", cpu.describe());
    assertTrue(cpu.hasBfloat16());
  }

  @Test
  void aCpuWithoutAvx2OrAnyCpuinfoSaysSo() {
    Cpu old = Cpu.parse("model name\t: Intel(R) Xeon(R) CPU E5645\nflags\t: sse4_2\n", 1);
    assertEquals("Intel(R) Xeon(R) CPU E5645, 1 core, no AVX2", old.describe());
    assertFalse(old.hasBfloat16());
    assertEquals("unknown CPU, 4 cores, no AVX2", Cpu.parse("", 4).describe());
    assertTrue(Cpu.parse("flags\t: avx2 amx_bf16 amx_tile\n", 8).hasBfloat16());
  }
}
