#!/usr/bin/env python3
"""Recomputes the secret chats' test vectors of docs/protocol.md ("Secret chats: cryptography")
with PyNaCl (Debian's python3-nacl), independently of the C++ implementation: every
construction is rebuilt here from the document's description (crypto_kdf from BLAKE2b with
salt and personalisation, since PyNaCl has no crypto_kdf binding; CBOR by hand). Exits 1 on any
difference, 77 (skipped) when PyNaCl is not installed.

Usage: check_secret_vectors.py docs/protocol.md
"""
import hashlib
import re
import struct
import sys

try:
    import nacl.bindings as sodium
    import nacl.encoding
    import nacl.hash
    import nacl.signing
except ImportError:
    print("check_secret_vectors: SKIPPED: PyNaCl is not installed (package python3-nacl)")
    sys.exit(77)

BEGIN, END = "<!-- secret-chat-vectors:begin -->", "<!-- secret-chat-vectors:end -->"
VERIFY_BEGIN = "<!-- secret-verification-vectors:begin -->"
VERIFY_END = "<!-- secret-verification-vectors:end -->"

# The emoji table of docs/protocol.md 12.6 (Matrix's SAS emoji), as code points.
EMOJI = [
    "1F436", "1F431", "1F981", "1F40E", "1F984", "1F437", "1F418", "1F430", "1F43C", "1F413",
    "1F427", "1F422", "1F41F", "1F419", "1F98B", "1F337", "1F333", "1F335", "1F344", "1F30F",
    "1F319", "2601 FE0F", "1F525", "1F34C", "1F34E", "1F353", "1F33D", "1F355", "1F382",
    "2764 FE0F", "1F600", "1F916", "1F3A9", "1F453", "1F527", "1F385", "1F44D", "2602 FE0F",
    "231B", "23F0", "1F381", "1F4A1", "1F4D5", "270F FE0F", "1F4CE", "2702 FE0F", "1F512",
    "1F511", "1F528", "260E FE0F", "1F3C1", "1F682", "1F6B2", "2708 FE0F", "1F680", "1F3C6",
    "26BD", "1F3B8", "1F3BA", "1F514", "2693", "1F3A7", "1F4C1", "1F4CC",
]


def read_vectors(path, begin=BEGIN, end=END):
    text = open(path, encoding="utf-8").read()
    block = text[text.index(begin):text.index(end)]
    return dict(re.findall(r"^([a-z0-9_.]+)\s*=\s*(\S+)\s*$", block, re.MULTILINE))


def blake2b(data, size, key=b"", salt=b"", person=b""):
    return nacl.hash.blake2b(data, digest_size=size, key=key, salt=salt, person=person,
                             encoder=nacl.encoding.RawEncoder)


def kdf(key, subkey_id, context, size):
    """crypto_kdf_derive_from_key: BLAKE2b(empty, key, salt=u64le(id)||0^8, person=ctx||0^8)."""
    assert len(key) == 32 and len(context) == 8
    return blake2b(b"", size, key=key, salt=struct.pack("<Q", subkey_id) + bytes(8),
                   person=context + bytes(8))


def x25519(secret, public):
    return sodium.crypto_scalarmult(secret, public)


def x25519_public(secret):
    return sodium.crypto_scalarmult_base(secret)


def identity(seed, agreement_secret):
    signing = nacl.signing.SigningKey(seed)
    agreement_public = x25519_public(agreement_secret)
    signature = signing.sign(b"msgr-secret-v1/identity-agreement-key" + agreement_public).signature
    return signing, agreement_public, signature


def x3dh(dhs):
    prk = blake2b(b"\xff" * 32 + b"".join(dhs), 32, key=bytes(32))
    return kdf(prk, 1, b"msgrX3DH", 32)


def kdf_rk(root_key, dh):
    prk = blake2b(dh, 32, key=root_key)
    return kdf(prk, 1, b"msgrRoot", 32), kdf(prk, 2, b"msgrRoot", 32)


def kdf_ck(chain_key):
    return kdf(chain_key, 2, b"msgrChan", 32), kdf(chain_key, 1, b"msgrChan", 32)


def message_key(mk):
    return kdf(mk, 1, b"msgrMsgK", 32), kdf(mk, 2, b"msgrMsgK", 24)


def cbor_head(major, value):
    if value < 24:
        return bytes([major << 5 | value])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, value)
    raise ValueError(value)


def cbor(value):
    """The subset the documents use: unsigned ints, byte strings, text keys, maps in order."""
    if isinstance(value, int):
        return cbor_head(0, value)
    if isinstance(value, bytes):
        return cbor_head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode()
        return cbor_head(3, len(raw)) + raw
    if isinstance(value, list):  # a map given as ordered (key, value) pairs
        return cbor_head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value)
    raise TypeError(value)


def safety_digits(identity_bytes):
    h = hashlib.sha512(b"\x00\x00" + identity_bytes).digest()
    for _ in range(5200):
        h = hashlib.sha512(h + identity_bytes).digest()
    return "".join("%05d" % (int.from_bytes(h[i:i + 5], "big") % 100000) for i in range(0, 30, 5))


def compute(v):
    b = lambda name: bytes.fromhex(v[name])
    out = {}
    a_sign, a_x, a_sig = identity(b("alice.identity.signing_seed"), b("alice.identity.agreement_secret"))
    b_sign, b_x, b_sig = identity(b("bob.identity.signing_seed"), b("bob.identity.agreement_secret"))
    a_pub, b_pub = bytes(a_sign.verify_key), bytes(b_sign.verify_key)
    spk_secret, opk_secret = b("bob.signed_pre_key.secret"), b("bob.one_time_pre_key.secret")
    spk_id, spk_time = int(v["bob.signed_pre_key.id"]), int(v["bob.signed_pre_key.created_ms"])
    opk_id = int(v["bob.one_time_pre_key.id"])
    spk_pub, opk_pub = x25519_public(spk_secret), x25519_public(opk_secret)
    spk_sig = b_sign.sign(b"msgr-secret-v1/signed-pre-key" + struct.pack(">IQ", spk_id, spk_time)
                          + spk_pub).signature
    ek, ratchet = b("alice.ephemeral.secret"), b("alice.ratchet.secret")
    ek_pub, ratchet_pub = x25519_public(ek), x25519_public(ratchet)
    out.update({
        "alice.identity.signing_public": a_pub, "alice.identity.agreement_public": a_x,
        "alice.identity.agreement_signature": a_sig,
        "bob.identity.signing_public": b_pub, "bob.identity.agreement_public": b_x,
        "bob.identity.agreement_signature": b_sig,
        "bob.signed_pre_key.public": spk_pub, "bob.signed_pre_key.signature": spk_sig,
        "bob.one_time_pre_key.public": opk_pub,
        "alice.ephemeral.public": ek_pub, "alice.ratchet.public": ratchet_pub,
    })
    out["kdf.root.root_key"], out["kdf.root.chain_key"] = kdf_rk(b("kdf.root.input_root_key"),
                                                                 b("kdf.root.input_dh"))
    out["kdf.chain.chain_key"], out["kdf.chain.message_key"] = kdf_ck(b("kdf.chain.input_chain_key"))
    out["kdf.message.aead_key"], out["kdf.message.nonce"] = message_key(
        b("kdf.message.input_message_key"))

    out["bundle.cbor"] = cbor([
        ("v", 1), ("ik", b_pub), ("ikx", b_x), ("ikxs", b_sig),
        ("spk", [("id", spk_id), ("t", spk_time), ("k", spk_pub), ("s", spk_sig)]),
        ("opk", [("id", opk_id), ("k", opk_pub)])])

    a_x_secret = b("alice.identity.agreement_secret")
    dh1, dh2, dh3 = x25519(a_x_secret, spk_pub), x25519(ek, b_x), x25519(ek, spk_pub)
    sk = x3dh([dh1, dh2, dh3, x25519(ek, opk_pub)])
    out["x3dh.with_one_time_pre_key.shared_secret"] = sk
    out["x3dh.without_one_time_pre_key.shared_secret"] = x3dh([dh1, dh2, dh3])
    ad = a_pub + a_x + b_pub + b_x
    out["x3dh.associated_data"] = ad

    _, cks = kdf_rk(sk, x25519(ratchet, spk_pub))
    _, mk = kdf_ck(cks)
    key, nonce = message_key(mk)
    header = b"\x01" + ratchet_pub + struct.pack(">II", 0, 0)
    ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        b("first_message.plaintext"), ad + header, nonce, key)
    out["first_message.header"] = header
    out["first_message.ratchet_message"] = header + ciphertext
    out["first_message.pre_key_message_cbor"] = cbor([
        ("v", 1), ("ik", a_pub), ("ikx", a_x), ("ikxs", a_sig), ("ek", ek_pub), ("spk", spk_id),
        ("opk", opk_id), ("m", header + ciphertext)])

    a_digits, b_digits = safety_digits(a_pub + a_x), safety_digits(b_pub + b_x)
    digits = sorted([a_digits, b_digits])
    number = digits[0] + digits[1]
    out["safety_number"] = number
    indices = [int(number[i:i + 5]) % 64 for i in range(0, 60, 5)]
    out["verification.alice_digits"], out["verification.bob_digits"] = a_digits, b_digits
    out["verification.emoji_indices"] = ",".join(str(i) for i in indices)
    out["verification.emoji"] = "".join(
        "".join(chr(int(c, 16)) for c in EMOJI[i].split()) for i in indices)
    out["verification.alice_code"] = "MSGR-SN:1:" + a_digits + b_digits
    out["verification.bob_code"] = "MSGR-SN:1:" + b_digits + a_digits
    return {k: (val if isinstance(val, str) else val.hex()) for k, val in out.items()}


def main():
    vectors = read_vectors(sys.argv[1])
    vectors.update(read_vectors(sys.argv[1], VERIFY_BEGIN, VERIFY_END))
    failures = 0
    computed = compute(vectors)
    for name, value in computed.items():
        if vectors.get(name) != value:
            print("MISMATCH %s: document %s, PyNaCl %s" % (name, vectors.get(name), value))
            failures += 1
    print("%d passed, %d failed" % (len(computed) - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
