/* A UDP flood sender for the benchmark: sendmmsg(2), 64 messages per call.
 *
 *   blast PORT COUNT SIZE [SEGMENTS]
 *
 * It sends faster than a Python sendto loop can, so the receiver, not the
 * sender, sets the pace. With SEGMENTS (2 to 64) each message is a GSO send
 * (UDP_SEGMENT) of SEGMENTS datagrams of SIZE bytes, the kernel splits it;
 * COUNT is then rounded up to a whole number of messages. Prints "done COUNT
 * SECONDS" (COUNT in datagrams). run.py compiles it with the system's C
 * compiler when there is one, else it uses peers.py udp-flood.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#ifndef SOL_UDP
#define SOL_UDP 17
#endif
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

enum { BATCH = 64 };

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: blast PORT COUNT SIZE [SEGMENTS]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long count = atol(argv[2]);
    int size = atoi(argv[3]);
    int segments = argc == 5 ? atoi(argv[4]) : 1;
    static char data[65536];
    if (size < 0 || segments < 1 || (long)size * segments > (long)sizeof data) return 2;
    long messages_total = (count + segments - 1) / segments;
    union {
        char buffer[CMSG_SPACE(sizeof(uint16_t))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct cmsghdr *cmsg = &control.align;
    cmsg->cmsg_level = SOL_UDP;
    cmsg->cmsg_type = UDP_SEGMENT;
    cmsg->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    uint16_t gso_size = (uint16_t)size;
    memcpy(CMSG_DATA(cmsg), &gso_size, sizeof gso_size);
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
        vectors[i].iov_len = (size_t)size * (size_t)segments;
        memset(&messages[i], 0, sizeof messages[i]);
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        if (segments > 1) {
            messages[i].msg_hdr.msg_control = control.buffer;
            messages[i].msg_hdr.msg_controllen = sizeof control.buffer;
        }
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    long sent = 0;
    while (sent < messages_total) {
        int n = messages_total - sent < BATCH ? (int)(messages_total - sent) : BATCH;
        int done = sendmmsg(sock, messages, (unsigned)n, 0);
        sent += done > 0 ? done : n; /* a refused or full send counts as sent: bounded */
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    printf("done %ld %.6f\n", messages_total * segments, seconds);
    return 0;
}
