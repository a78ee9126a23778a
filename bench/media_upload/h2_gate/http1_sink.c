// Minimal HTTP/1.1 sink: keep-alive, Content-Length bodies discarded, 204 answers.
// gcc -O2 -o http1_sink http1_sink.c -lpthread; run: http1_sink PORT
#define _GNU_SOURCE
#include "serve_loopback.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
static void *serve(void *arg) {
    int fd = (int)(long)arg;
    static __thread char buf[1 << 20];
    size_t have = 0;
    for (;;) {
        char *end;
        while (!(end = memmem(buf, have, "\r\n\r\n", 4))) {
            ssize_t n = read(fd, buf + have, sizeof buf - have);
            if (n <= 0) {
                close(fd);
                return 0;
            }
            have += n;
        }
        size_t hlen = end + 4 - buf;
        char saved = *end;
        *end = 0;
        long long cl = 0;
        char *p = strcasestr(buf, "content-length:");
        if (p)
            cl = atoll(p + 15);
        *end = saved;
        size_t inbuf = have - hlen;
        long long left = cl;
        if ((long long)inbuf >= left) {
            memmove(buf, buf + hlen + left, inbuf - left);
            have = inbuf - left;
            left = 0;
        } else {
            left -= inbuf;
            have = 0;
        }
        while (left > 0) {
            ssize_t n = read(fd, buf, left < (long long)sizeof buf ? left : (long long)sizeof buf);
            if (n <= 0) {
                close(fd);
                return 0;
            }
            left -= n;
        }
        const char *r = "HTTP/1.1 204 No Content\r\n\r\n";
        if (write(fd, r, strlen(r)) < 0) {
            close(fd);
            return 0;
        }
    }
}
int main(int argc, char **argv) {
    (void)argc;
    return serveLoopback(atoi(argv[1]), serve);
}
