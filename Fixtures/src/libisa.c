/* Built with -march=x86-64-v3: the linker records GNU_PROPERTY_X86_ISA_1_NEEDED v3. */
void isa_scale(float *restrict out, const float *restrict in, float k, int n) {
  for (int i = 0; i < n; i++) out[i] = in[i] * k;
}
