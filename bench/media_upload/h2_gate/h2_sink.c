// h2c (prior knowledge) sink on libnghttp2: discards request bodies, answers 204 at the end of
// each stream. Arguments: port, stream window bytes, connection window bytes, max frame size.
// Its windows and frame size are what a server would advertise; libnghttp2 sends the
// WINDOW_UPDATEs itself as the bodies are consumed (read from the socket here).
// gcc -O2 -o h2_sink h2_sink.c -lnghttp2 -lpthread (Debian: libnghttp2-dev)
#define _GNU_SOURCE
#include "serve_loopback.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <nghttp2/nghttp2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int32_t g_streamWindow, g_connWindow, g_frame;

static int onFrameRecv(nghttp2_session *s, const nghttp2_frame *f, void *user) {
    (void)user;
    if ((f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) &&
        (f->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
        const nghttp2_nv nv[] = {
            {(uint8_t *)":status", (uint8_t *)"204", 7, 3, NGHTTP2_NV_FLAG_NONE}};
        nghttp2_submit_response(s, f->hd.stream_id, nv, 1, NULL);
    }
    return 0;
}

static void *serve(void *arg) {
    int fd = (int)(long)arg;
    nghttp2_session_callbacks *cb;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, onFrameRecv);
    nghttp2_session *s;
    nghttp2_session_server_new(&s, cb, NULL);
    nghttp2_session_callbacks_del(cb);
    nghttp2_settings_entry iv[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 16},
                                   {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, (uint32_t)g_streamWindow},
                                   {NGHTTP2_SETTINGS_MAX_FRAME_SIZE, (uint32_t)g_frame}};
    nghttp2_submit_settings(s, NGHTTP2_FLAG_NONE, iv, 3);
    nghttp2_session_set_local_window_size(s, NGHTTP2_FLAG_NONE, 0, g_connWindow);
    static __thread uint8_t buf[1 << 20];
    for (;;) {
        const uint8_t *out;
        ssize_t n;
        while ((n = nghttp2_session_mem_send(s, &out)) > 0)
            if (write(fd, out, n) != n)
                goto end;
        if (n < 0)
            goto end;
        if (!nghttp2_session_want_read(s) && !nghttp2_session_want_write(s))
            goto end;
        n = read(fd, buf, sizeof buf);
        if (n <= 0)
            goto end;
        if (nghttp2_session_mem_recv(s, buf, n) != n)
            goto end;
    }
end:
    nghttp2_session_del(s);
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "h2sink PORT STREAM_WINDOW CONN_WINDOW MAX_FRAME\n");
        return 2;
    }
    g_streamWindow = atoi(argv[2]);
    g_connWindow = atoi(argv[3]);
    g_frame = atoi(argv[4]);
    return serveLoopback(atoi(argv[1]), serve);
}
