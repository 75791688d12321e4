/// CJK handling: the reference's `_tokenize_chinese_chars` puts spaces around every CJK
/// ideograph so each becomes its own word.
extension BertNormalizer {
    /// Whether `scalar` is in one of the reference's CJK ideograph blocks (`is_chinese_char`).
    ///
    /// The fast tokenizer's ranges: CJK Unified Ideographs and Extensions A-E plus the
    /// compatibility ideographs; hiragana, katakana and hangul are not included. Its Extension E
    /// range starts at U+2B920 where the Python tokenizer's starts at U+2B820, so U+2B820-U+2B91F
    /// are not spaced (the fast tokenizer made the fixture).
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00 ... 0x9FFF,
             0x3400 ... 0x4DBF,
             0x20000 ... 0x2A6DF,
             0x2A700 ... 0x2B73F,
             0x2B740 ... 0x2B81F,
             0x2B920 ... 0x2CEAF,
             0xF900 ... 0xFAFF,
             0x2F800 ... 0x2FA1F:
            return true
        default:
            return false
        }
    }
}
