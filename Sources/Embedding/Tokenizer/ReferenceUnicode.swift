/// Unicode general categories as the HF fast tokenizer sees them.
///
/// `tokenizers` classifies characters with the `unicode_categories` crate, whose tables are
/// Unicode 8.0: a character assigned later is "unassigned" there (so it is neither removed as a
/// control character, nor stripped as an accent, nor split as punctuation), and six older
/// characters had a different category in 8.0. Swift's tables are newer, hence this adapter.
/// Verified against the HF tokenizer on every code point of planes 0-3 and 14.
enum ReferenceUnicode {
    /// The general category of `scalar` in Unicode 8.0 (`.unassigned` for later characters).
    static func generalCategory(of scalar: Unicode.Scalar) -> Unicode.GeneralCategory {
        let properties = scalar.properties
        guard let age = properties.age, age.major < 8 || age.major == 8 && age.minor == 0 else {
            return .unassigned
        }
        switch scalar.value {
        case 0x166D, 0x111C9: return .otherPunctuation
        case 0x1734, 0x1171E: return .nonspacingMark
        case 0x1885, 0x1886: return .otherLetter
        case 0xA9BD: return .spacingMark
        default: return properties.generalCategory
        }
    }
}
