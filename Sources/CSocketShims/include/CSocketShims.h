#ifndef PERSONABANK_CSOCKETSHIMS_H
#define PERSONABANK_CSOCKETSHIMS_H

/* The POSIX socket calls of the Networking module that need pointer arithmetic, sockaddr casts or
   walks of a C list; Swift passes arrays and plain values only (issue 23). Each helper returns
   straight after its system call, so errno is the call's own. */

#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>

/* One address from getaddrinfo, copied out of the C list. */
typedef struct {
    int family;
    int protocol_number;
    struct sockaddr_storage storage;
    socklen_t length;
} pb_resolved_address;

/* getaddrinfo(host, service) for TCP streams of any family. Copies up to `capacity` usable
   addresses into `addresses` (an array of pb_resolved_address) in the resolver's order and sets
   *total to how many there are in all (call again with a larger array when *total > capacity).
   Returns getaddrinfo's status (0 on success; then *total may still be 0). */
int pb_resolve(const char *host, const char *service, void *addresses, size_t capacity, size_t *total);

/* connect(fd, address) for an address that pb_resolve produced. */
int pb_connect(int fd, const pb_resolved_address *address);

/* send(fd, bytes + offset, length - offset, MSG_NOSIGNAL). */
ssize_t pb_send_from(int fd, const void *bytes, size_t offset, size_t length);

#endif
