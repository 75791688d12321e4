#ifndef PERSONABANK_INT8_KERNELS_H
#define PERSONABANK_INT8_KERNELS_H
/* Internal to CEncoderKernels: the packed layout and the per-ISA kernels behind cek_int8_linear. */
#include <stdint.h>

/* Rows of x per microkernel step and output channels per packed block (two 8-lane registers).
 * Packed weights: [out/16 blocks][width/4][16 channels][4 consecutive inputs], int8, zero-padded. */
enum { CEK_MR = 4, CEK_NR = 16 };

static inline int cek_round_up(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

/* Activations quantised per row: x[r][k]·H ≈ codes[r·stride + k] · scales[r], codes in −127...127;
 * magnitudes holds |codes| in the same layout (the unsigned operand of vpmaddubsw, stored once
 * instead of taken per row and step in the product's inner loop). */
typedef struct {
    int8_t *codes;
    uint8_t *magnitudes;
    float *scales;
    int stride;
} cek_quantized_rows;

/* AVX2 + FMA kernels (Int8Avx2.c). `scratch` holds one row of `stride` floats. */
void cek_avx2_quantize_rows(const float *x, int rows, int width, int block, float *scratch, cek_quantized_rows *q);
void cek_avx2_gemm(const cek_quantized_rows *q, int rows, const int8_t *packed, const float *scales,
                   const float *bias, int out_width, float *y);
#endif
