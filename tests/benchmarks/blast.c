/* A UDP flood sender for the benchmark: sendmmsg(2), 64 datagrams per call.
 *
 *   blast PORT COUNT SIZE
 *
 * It sends faster than a Python sendto loop can, so the receiver, not the
 * sender, sets the pace. Prints "done COUNT SECONDS". run.py compiles it with
 * the system's C compiler when there is one, else it uses peers.py udp-flood.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

enum { BATCH = 64 };

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: blast PORT COUNT SIZE\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long count = atol(argv[2]);
    int size = atoi(argv[3]);
    static char data[65536];
    if (size < 0 || size > (int)sizeof data) return 2;
    memset(data, 'x', sizeof data);
    int sock = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {0};
    to.sin_family = AF_INET;
    to.sin_port = htons((unsigned short)port);
    to.sin_addr.s_addr = htonl(0x7f000001);
    if (connect(sock, (struct sockaddr *)&to, sizeof to) != 0) return 1;
    struct mmsghdr messages[BATCH];
    struct iovec vectors[BATCH];
    for (int i = 0; i < BATCH; i++) {
        vectors[i].iov_base = data;
        vectors[i].iov_len = (size_t)size;
        memset(&messages[i], 0, sizeof messages[i]);
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long sent = 0;
    while (sent < count) {
        int n = count - sent < BATCH ? (int)(count - sent) : BATCH;
        int done = sendmmsg(sock, messages, (unsigned)n, 0);
        sent += done > 0 ? done : n; /* a refused or full send counts as sent: bounded */
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("done %ld %.6f\n", count, seconds);
    return 0;
}
