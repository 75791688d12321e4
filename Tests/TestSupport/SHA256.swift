import PersonaKit

/// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal digits (FIPS 180-4), through
/// PersonaKit's ``SHA256Digest`` (the one implementation; the FIPS vectors in TokenizerTests check it).
///
/// Fixtures store digests of texts and token-id lists, and tests recompute them with this function.
/// - Parameter bytes: The message, e.g. `Array(text.utf8)`.
/// - Returns: The digest in lowercase hex, as Python's `hashlib.sha256(...).hexdigest()` prints it.
/// - Complexity: O(n) in the number of bytes.
public func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
    SHA256Digest.hex(Array(bytes))
}
