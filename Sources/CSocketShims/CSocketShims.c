#include "CSocketShims.h"

#include <netdb.h>
#include <string.h>

int pb_resolve(const char *host, const char *service, void *addresses, size_t capacity, size_t *total) {
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    struct addrinfo *list = NULL;
    *total = 0;
    int status = getaddrinfo(host, service, &hints, &list);
    if (status != 0) return status;
    pb_resolved_address *out = addresses;
    for (struct addrinfo *entry = list; entry != NULL; entry = entry->ai_next) {
        if (entry->ai_addr == NULL || entry->ai_addrlen > sizeof(struct sockaddr_storage)) continue;
        if (*total < capacity) {
            pb_resolved_address *address = &out[*total];
            memset(address, 0, sizeof *address);
            address->family = entry->ai_family;
            address->protocol_number = entry->ai_protocol;
            memcpy(&address->storage, entry->ai_addr, entry->ai_addrlen);
            address->length = entry->ai_addrlen;
        }
        *total += 1;
    }
    freeaddrinfo(list);
    return 0;
}

int pb_connect(int fd, const pb_resolved_address *address) {
    return connect(fd, (const struct sockaddr *)&address->storage, address->length);
}

ssize_t pb_send_from(int fd, const void *bytes, size_t offset, size_t length) {
    return send(fd, (const char *)bytes + offset, length - offset, MSG_NOSIGNAL);
}
