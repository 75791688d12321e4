import Foundation
import TestSupport

/// One malformed variant of a well-formed input file.
struct Mutation: CustomStringConvertible {
    /// What was done (shown when an expectation fails).
    let label: String
    /// The damaged bytes.
    let bytes: Data

    var description: String { label }
}

/// Seeded malformed variants of a well-formed file: truncation at many points, random byte
/// flips, invalid UTF-8, a huge line, an empty file, NUL bytes and a lone BOM.
enum Mutations {
    /// Variants of `original` (at most `truncations` cuts and `flips` flipped copies).
    ///
    /// - Parameters:
    ///   - original: The well-formed file.
    ///   - seed: Seed of the choice of cut points and flipped bytes.
    ///   - truncations: How many truncation points (spread over the file, plus random ones).
    ///   - flips: How many copies with 1-4 random bytes replaced.
    /// - Returns: The variants, each labelled.
    static func of(_ original: Data, seed: UInt64, truncations: Int = 24, flips: Int = 24) -> [Mutation] {
        var rng = SplitMix64(seed: seed)
        var result = [Mutation(label: "empty file", bytes: Data()),
                      Mutation(label: "lone BOM", bytes: Data([0xEF, 0xBB, 0xBF])),
                      Mutation(label: "only newlines", bytes: Data("\n\n\n".utf8))]
        let count = original.count
        guard count > 1 else { return result }
        var cuts = Set((1 ..< truncations / 2).map { $0 * count / (truncations / 2) })
        while cuts.count < truncations { cuts.insert(Int.random(in: 1 ..< count, using: &rng)) }
        for cut in cuts.sorted() { result.append(Mutation(label: "truncated at byte \(cut)", bytes: original.prefix(cut))) }
        for index in 0 ..< flips {
            var bytes = [UInt8](original)
            var flipped = [String]()
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &rng) {
                let position = Int.random(in: 0 ..< count, using: &rng)
                let value = UInt8.random(in: 0 ... 255, using: &rng)
                bytes[position] = value
                flipped.append("\(position)=0x\(String(value, radix: 16))")
            }
            result.append(Mutation(label: "flip #\(index): \(flipped.joined(separator: ","))", bytes: Data(bytes)))
        }
        let middle = original.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? count / 2
        for (label, insert) in [("invalid UTF-8 (0xC3 0x28)", Data([0xC3, 0x28])), ("lone continuation byte 0x80", Data([0x80])),
                                ("overlong encoding 0xC0 0xAF", Data([0xC0, 0xAF])), ("NUL bytes", Data([0, 0, 0]))] {
            var bytes = original
            bytes.insert(contentsOf: insert, at: middle + 3 < count ? middle + 3 : count / 2)
            result.append(Mutation(label: label, bytes: bytes))
        }
        var huge = original
        huge.insert(contentsOf: Data(repeating: UInt8(ascii: "x"), count: 2 << 20) + Data("\n".utf8), at: middle)
        result.append(Mutation(label: "2 MiB line", bytes: huge))
        return result
    }
}
