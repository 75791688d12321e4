/// Word counts across writing systems.
///
/// `Lexical.words` splits on spaces and punctuation, which is right for scripts that put spaces between
/// words; Chinese, Japanese, Thai, Lao, Khmer and Myanmar do not, so one of their runs holds a whole
/// clause. Such a run counts as one word per two characters (about the length of a word there).
enum WrittenWords {
    /// The number of words in `words` (as `Lexical.words` returns them), spaceless runs counted by length.
    static func count(_ words: [String]) -> Int {
        words.reduce(0) { total, word in
            guard let first = word.unicodeScalars.first, isSpaceless(first) else { return total + 1 }
            return total + max(1, word.count / 2)
        }
    }

    /// Scripts written without spaces between words.
    static func isSpaceless(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00 ... 0x0EFF, 0x1000 ... 0x109F, 0x1780 ... 0x17FF, 0x3040 ... 0x30FF, 0x3400 ... 0x4DBF, 0x4E00 ... 0x9FFF, 0xF900 ... 0xFAFF: true
        default: false
        }
    }

    /// Scripts that mark no sentence end (Thai, Lao).
    static func endsWithoutPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        (0x0E00 ... 0x0EFF).contains(scalar.value)
    }
}
