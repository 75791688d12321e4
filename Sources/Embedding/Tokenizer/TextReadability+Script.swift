extension TextReadability {
    /// A writing system, from Unicode scalar ranges (the main blocks of each script).
    public enum Script: String, Sendable, Codable, CaseIterable {
        case latin, cyrillic, greek, han, kana, hangul, thai, arabic, hebrew, devanagari
        /// Letters of another script, or no letters at all.
        case other

        /// The script of `scalar`, or nil when it is not a letter (digits, punctuation, symbols, marks).
        public init?(of scalar: Unicode.Scalar) {
            guard scalar.properties.isAlphabetic else { return nil }
            switch scalar.value {
            case 0x41 ... 0x5A, 0x61 ... 0x7A, 0xC0 ... 0x24F, 0x1E00 ... 0x1EFF, 0x2C60 ... 0x2C7F,
                 0xA720 ... 0xA7FF, 0xFF21 ... 0xFF3A, 0xFF41 ... 0xFF5A:
                self = .latin
            case 0x400 ... 0x52F, 0x1C80 ... 0x1C8F, 0x2DE0 ... 0x2DFF, 0xA640 ... 0xA69F: self = .cyrillic
            case 0x370 ... 0x3FF, 0x1F00 ... 0x1FFF: self = .greek
            case 0x3040 ... 0x30FF, 0x31F0 ... 0x31FF, 0xFF66 ... 0xFF9F: self = .kana
            case 0x1100 ... 0x11FF, 0x3130 ... 0x318F, 0xA960 ... 0xA97F, 0xAC00 ... 0xD7FF: self = .hangul
            case 0xE00 ... 0xE7F: self = .thai
            case 0x600 ... 0x6FF, 0x750 ... 0x77F, 0x8A0 ... 0x8FF, 0xFB50 ... 0xFDFF, 0xFE70 ... 0xFEFF: self = .arabic
            case 0x590 ... 0x5FF, 0xFB1D ... 0xFB4F: self = .hebrew
            case 0x900 ... 0x97F, 0xA8E0 ... 0xA8FF: self = .devanagari
            default: self = BertNormalizer.isChineseCharacter(scalar) || (0x3005 ... 0x3007).contains(scalar.value) ? .han : .other
            }
        }

        /// The script with the most letters in `text` (ties go to the earlier case); `.other` without letters.
        /// - Complexity: O(n) in the number of scalars.
        public static func dominant(in text: String) -> Script {
            var counts = [Int](repeating: 0, count: allCases.count)
            for scalar in text.unicodeScalars {
                if let script = Script(of: scalar) { counts[script.ordinal] += 1 }
            }
            guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
                  counts[best] > 0 else { return .other }
            return allCases[best]
        }

        private var ordinal: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count - 1 }
    }
}
