#ifndef PERSONABANK_CENCODERKERNELS_H
#define PERSONABANK_CENCODERKERNELS_H

/* Reduced-precision products for the MiniLM encoder, chosen at run time by CPU feature.
 *
 * Nothing here is compiled for the build machine's CPU: each vector kernel carries its own
 * `__attribute__((target(...)))` and runs only after `cek_int8_isa()` found those features on the
 * running CPU. Callers check `cek_int8_isa()` first and use fp32 when it is CEK_ISA_NONE; that it
 * is not is the precondition of `cek_int8_pack` and `cek_int8_linear`.
 *
 * The int8 dense layer `y = x · Wᵀ + b` (W stored [out][in], as in PyTorch):
 *   - the input channels are rotated by a block Hadamard matrix H (blocks of
 *     `cek_int8_rotation_block(width)` channels): x · Wᵀ = (x·H) · (W·H)ᵀ, since H is orthogonal.
 *     The rotation spreads BERT's few large channels (up to 16× the median) over their block,
 *     so they no longer set every token's quantisation step;
 *   - weights (rotated once, when packed): int8, symmetric, one scale per output channel;
 *   - activations (rotated on each call): int8, symmetric, one scale per row (token);
 *   - products accumulated in int32 and dequantised to fp32 with the bias added.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The instruction set the int8 kernels run with on this CPU. */
typedef enum {
    CEK_ISA_NONE = 0, /* no int8 kernel for this CPU: use fp32 */
    CEK_ISA_AVX2 = 1, /* AVX2 + FMA: vpsignb / vpmaddubsw / vpmaddwd, 4 rows × 16 channels per step */
} cek_isa;

/* The best int8 kernel set the running CPU supports (checked once, then cached). */
cek_isa cek_int8_isa(void);

/* A short name of an ISA: "avx2" or "none". */
const char *cek_isa_name(cek_isa isa);

/* Channels per Hadamard block for a layer of `width` inputs: the largest power of two that
 * divides `width`, at most 128; 1 (no rotation) when that is below 8. */
int cek_int8_rotation_block(int width);

/* Bytes of the packed weights of an `out_width × width` layer. */
size_t cek_int8_packed_size(int out_width, int width);

/* Rotates, quantises and packs `weights` [out_width][width] into `packed`
 * (cek_int8_packed_size bytes) and `scales` (out_width dequantisation scales). */
void cek_int8_pack(const float *weights, int out_width, int width, int8_t *packed, float *scales);

/* `y = x · Wᵀ + bias` for `rows` rows of `x` (row stride `width`) into `y` (row stride
 * `out_width`), with W packed by `cek_int8_pack`. Allocates its own work buffer (about
 * rows · width bytes) and is safe to call from several threads at once. */
void cek_int8_linear(const float *x, int rows, int width, const int8_t *packed, const float *scales,
                     const float *bias, int out_width, float *y);

#ifdef __cplusplus
}
#endif

#endif
