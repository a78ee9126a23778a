// The sinks' accept loop: a thread per connection on 127.0.0.1:port (h2_sink.c, http1_sink.c).
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

static int serveLoopback(int port, void *(*serve)(void *)) {
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {
        .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(s, (void *)&a, sizeof a) || listen(s, 16)) {
        perror("bind");
        return 1;
    }
    for (;;) {
        int c = accept(s, 0, 0);
        pthread_t t;
        pthread_create(&t, 0, serve, (void *)(long)c);
        pthread_detach(t);
    }
}
