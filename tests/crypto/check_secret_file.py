#!/usr/bin/env python3
"""Opens a secret chat's attachment (docs/protocol.md 12.8) with PyNaCl (Debian's python3-nacl),
independently of the C++ implementation: secretstream pieces of 65,553 bytes, the last one
tagged FINAL, nothing after it, then the plaintext's size and BLAKE2b-256 (the hash payload
kinds 5 and 6 announce; the client's kinds 7 and 8 carry none, so the test hands it the hash of
its own plaintext). Exits 1 on any difference, 77 (skipped) when PyNaCl is not installed.
tst_secret_file_stream runs it on a file the client sealed.

Usage: check_secret_file.py CIPHER_FILE KEY_HEX HEADER_HEX PLAIN_SIZE BLAKE2B_HEX EXPECTED_PLAIN_FILE
"""
import sys

try:
    import nacl.bindings as sodium
    import nacl.encoding
    import nacl.hash
except ImportError:
    print("check_secret_file: SKIPPED: PyNaCl is not installed (package python3-nacl)")
    sys.exit(77)

CHUNK = 65536
SEALED = CHUNK + sodium.crypto_secretstream_xchacha20poly1305_ABYTES


def main(argv):
    cipher_path, key_hex, header_hex, size, hash_hex, plain_path = argv[1:7]
    key, header = bytes.fromhex(key_hex), bytes.fromhex(header_hex)
    with open(cipher_path, "rb") as f:
        cipher = f.read()
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    plain, at, final = bytearray(), 0, False
    while at < len(cipher):
        if final:
            print("check_secret_file: bytes after the final chunk")
            return 1
        piece = cipher[at:at + SEALED]
        at += len(piece)
        message, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, piece, None)
        plain += message
        final = tag == sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
    if not final:
        print("check_secret_file: no final chunk")
        return 1
    if len(plain) != int(size):
        print("check_secret_file: size %d, announced %s" % (len(plain), size))
        return 1
    digest = nacl.hash.blake2b(bytes(plain), digest_size=32, encoder=nacl.encoding.RawEncoder)
    if digest.hex() != hash_hex:
        print("check_secret_file: BLAKE2b-256 differs")
        return 1
    with open(plain_path, "rb") as f:
        if f.read() != bytes(plain):
            print("check_secret_file: plaintext differs")
            return 1
    print("check_secret_file: OK (%d bytes)" % len(plain))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
