#ifndef PERSONABANK_CZSTD_SHIM_H
#define PERSONABANK_CZSTD_SHIM_H

/* Zstandard (Debian libzstd-dev); only the Codecs module imports it. */
#include <zstd.h>
#include <zstd_errors.h>

#endif
