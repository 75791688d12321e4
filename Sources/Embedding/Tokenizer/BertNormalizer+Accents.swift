import Foundation

/// Accent stripping and lower-casing, in the fast tokenizer's order: NFD, drop non-spacing
/// marks (Mn in ``ReferenceUnicode``), then lower-case each scalar with its full Unicode mapping
/// (no final-sigma rule). The slow Python tokenizer lower-cases first; the fast one made the
/// fixture, and this order matches it on every code point.
extension BertNormalizer {
    /// Lower-cases ASCII letters in place (the whole input is ASCII: NFD changes nothing).
    static func lowercaseASCII(_ scalars: inout [Unicode.Scalar]) {
        for index in scalars.indices {
            let value = scalars[index].value
            if value >= 0x41, value <= 0x5A, let lower = Unicode.Scalar(value + 0x20) { scalars[index] = lower }
        }
    }

    /// Replaces `scalars` by their NFD form without non-spacing marks, lower-cased.
    /// - Complexity: O(n); one `String` round trip for the canonical decomposition.
    static func stripAccentsAndLowercase(_ scalars: inout [Unicode.Scalar]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for scalar in scalars { UTF8.encode(scalar) { bytes.append($0) } }
        let text = String(decoding: bytes, as: UTF8.self)
        let decomposed = text.decomposedStringWithCanonicalMapping
        scalars.removeAll(keepingCapacity: true)
        for scalar in decomposed.unicodeScalars {
            if scalar.isASCII {
                let value = scalar.value
                if value >= 0x41, value <= 0x5A, let lower = Unicode.Scalar(value + 0x20) {
                    scalars.append(lower)
                } else {
                    scalars.append(scalar)
                }
                continue
            }
            let properties = scalar.properties
            if ReferenceUnicode.generalCategory(of: scalar) == .nonspacingMark { continue }
            if properties.changesWhenLowercased {
                scalars.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
            } else {
                scalars.append(scalar)
            }
        }
    }
}
