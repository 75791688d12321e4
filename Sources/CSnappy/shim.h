#ifndef PERSONABANK_CSNAPPY_SHIM_H
#define PERSONABANK_CSNAPPY_SHIM_H

/* Snappy's C interface (Debian libsnappy-dev); only the Codecs module imports it. */
#include <snappy-c.h>

#endif
