/// CJK handling: the reference's `_tokenize_chinese_chars` puts spaces around every CJK
/// ideograph so each becomes its own word.
extension BertNormalizer {
    /// Whether `scalar` is in one of the reference's CJK ideograph blocks (`_is_chinese_char`).
    ///
    /// Exactly the reference's ranges: CJK Unified Ideographs and Extensions A-E plus the
    /// compatibility ideographs. Hiragana, katakana and hangul are deliberately not included.
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00 ... 0x9FFF,
             0x3400 ... 0x4DBF,
             0x20000 ... 0x2A6DF,
             0x2A700 ... 0x2B73F,
             0x2B740 ... 0x2B81F,
             0x2B820 ... 0x2CEAF,
             0xF900 ... 0xFAFF,
             0x2F800 ... 0x2FA1F:
            return true
        default:
            return false
        }
    }
}
