#ifndef PERSONABANK_CBLAS_SHIM_H
#define PERSONABANK_CBLAS_SHIM_H

#include <cblas.h>

/* LAPACK symmetric eigensolvers, exported by OpenBLAS as Fortran symbols
   (Debian's libopenblas-dev ships no LAPACKE header). All arguments by pointer,
   column-major storage. */
void ssyevd_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda,
             float *w, float *work, const int *lwork, int *iwork, const int *liwork, int *info);
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
             double *w, double *work, const int *lwork, int *iwork, const int *liwork, int *info);

#endif
