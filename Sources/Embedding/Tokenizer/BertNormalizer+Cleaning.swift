/// Text cleaning: the reference's `_clean_text` / `do_clean_text`.
///
/// U+0000, U+FFFD and control characters are removed; whitespace becomes a plain space.
extension BertNormalizer {
    /// Whether cleaning removes `scalar`: U+0000, U+FFFD, or a control character.
    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar)
    }

    /// The fast tokenizer's `is_control`: general category Cc, Cf, Cs or Co in its Unicode 8.0
    /// tables (``ReferenceUnicode``), except tab, newline and carriage return, which count as
    /// whitespace. Unassigned characters (Cn) are kept, unlike in the slow Python tokenizer.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x20 ..< 0x7F: return false
        case 0 ..< 0x20, 0x7F: return true
        default: break
        }
        switch ReferenceUnicode.generalCategory(of: scalar) {
        case .control, .format, .surrogate, .privateUse: return true
        default: return false
        }
    }

    /// The fast tokenizer's `is_whitespace`: tab, newline, carriage return, or the Unicode
    /// `White_Space` property (Rust's `char::is_whitespace`; this includes U+2028 and U+2029,
    /// which the slow Python tokenizer keeps).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar.value {
            case 0x09 ... 0x0D, 0x20: return true
            default: return false
            }
        }
        return scalar.properties.isWhitespace
    }
}
