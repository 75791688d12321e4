/// An incremental SHA-256 (FIPS 180-4): the checksums of shard manifests, and the digests tests compare.
///
/// Feed bytes with ``update(_:)`` in any pieces, then read ``hexDigest()``. A small self-contained
/// implementation (CryptoKit does not exist on Linux, and Foundation has no digest).
/// - Complexity: O(n) in the bytes fed; O(1) memory.
public struct SHA256Digest: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private var pending = [UInt8]()
    private var length: UInt64 = 0
    private var schedule = [UInt32](repeating: 0, count: 64)

    /// A fresh hash of the empty message.
    public init() { pending.reserveCapacity(64) }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        var digest = SHA256Digest()
        digest.update(bytes)
        return digest.hexDigest()
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        length &+= UInt64(bytes.count)
        var index = bytes.startIndex
        if !pending.isEmpty {
            while pending.count < 64, index != bytes.endIndex {
                pending.append(bytes[index])
                index = bytes.index(after: index)
            }
            guard pending.count == 64 else { return }
            compress(pending[...])
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.distance(from: index, to: bytes.endIndex) >= 64 {
            let end = bytes.index(index, offsetBy: 64)
            compress(bytes[index ..< end])
            index = end
        }
        pending.append(contentsOf: bytes[index...])
    }

    /// The digest of everything fed so far, as 64 lowercase hex digits (the state is left as is).
    public func hexDigest() -> String {
        var copy = self
        let bitLength = length &* 8
        var tail = pending
        tail.append(0x80)
        tail.append(contentsOf: repeatElement(0, count: (tail.count <= 56 ? 56 : 120) - tail.count))
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        copy.compress(tail[0 ..< 64])
        if tail.count == 128 { copy.compress(tail[64 ..< 128]) }
        return copy.state.map { word in
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Mixes one 64-byte block into the state.
    private mutating func compress<Block: Collection<UInt8>>(_ block: Block) {
        var index = block.startIndex
        for t in 0 ..< 16 {
            var word: UInt32 = 0
            for _ in 0 ..< 4 {
                word = word << 8 | UInt32(block[index])
                index = block.index(after: index)
            }
            schedule[t] = word
        }
        for t in 16 ..< 64 {
            let s0 = rotr(schedule[t - 15], 7) ^ rotr(schedule[t - 15], 18) ^ (schedule[t - 15] >> 3)
            let s1 = rotr(schedule[t - 2], 17) ^ rotr(schedule[t - 2], 19) ^ (schedule[t - 2] >> 10)
            schedule[t] = schedule[t - 16] &+ s0 &+ schedule[t - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        for t in 0 ..< 64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let choice = (e & f) ^ (~e & g)
            let temp1 = h &+ s1 &+ choice &+ Self.roundConstants[t] &+ schedule[t]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ s0 &+ majority)
        }
        for (slot, value) in [a, b, c, d, e, f, g, h].enumerated() { state[slot] &+= value }
    }

    private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
