/// How much of a text an English-vocabulary model such as MiniLM can read.
///
/// MiniLM's vocabulary is bert-base-uncased's English WordPiece. Text in other scripts (Cyrillic,
/// Greek, Han, Thai, Arabic, …) becomes `[UNK]` or one piece per character, so its embedding says
/// little about its meaning, and unrelated texts in the same script score as near-duplicates (two
/// Thai personas with different jobs at cosine 1.0).
///
/// Definition: after the tokenizer's own normalisation (cleaning, lower-casing, accent stripping)
/// and pre-tokenisation, each word is split by WordPiece; its characters (Unicode scalars) are
/// unreadable when the word became `[UNK]` (all of them) or a piece is a lone non-ASCII letter
/// (`##` ignored; that one character). The share is unreadable characters over all characters of
/// the words (whitespace excluded, punctuation included). Characters, not pieces, are counted
/// because a whole Thai sentence without spaces can be a single `[UNK]`. Accented Latin (French,
/// Spanish) is readable: accents are stripped before WordPiece.
public struct TextReadability: Sendable, Equatable, Codable {
    /// Characters (Unicode scalars after normalisation) in the text's words.
    public var characters: Int
    /// Characters in `[UNK]` words or lone non-ASCII letter pieces.
    public var unreadableCharacters: Int
    /// The script with the most letters in the raw text.
    public var script: Script

    /// Creates a measurement.
    public init(characters: Int, unreadableCharacters: Int, script: Script) {
        self.characters = characters
        self.unreadableCharacters = unreadableCharacters
        self.script = script
    }

    /// Unreadable characters over all characters; 0 for a text without words.
    public var unreadableShare: Double {
        characters == 0 ? 0 : Double(unreadableCharacters) / Double(characters)
    }

    /// Whether the share is above `limit` (a limit of 1 never excludes anything).
    public func exceeds(_ limit: Double) -> Bool { unreadableShare > limit }

    /// The share of unreadable characters above which a text is set apart from semantic comparison, by default.
    ///
    /// Used by `spb-analyze audit`, `spb-analyze thresholds` and `spb-generate` (`--max-unreadable`).
    /// Measured on the 5,000-line Persona Hub sample: the 4,893 lines with mostly Latin letters
    /// reach at most 0.23 (a line mixing English and Chinese), all but a handful are at 0; the 90
    /// Chinese, 15 Russian and 2 Thai lines are at 0.52 or more (median above 0.9). 0.5 reads as
    /// "most of the text is unreadable" and separates the two groups there.
    public static let defaultMaxUnreadableShare = 0.5
}

/// Something that can tell how much of a text an embedding model can read.
///
/// Conformers: ``BertTokenizer`` and ``MiniLMEncoder`` (which answers with its own tokenizer, so an
/// encoder passed as `any TextEncoder` can be asked with `as? any ReadabilityMeasuring`).
/// Encoders that read every script (character n-grams, multilingual APIs) do not conform.
public protocol ReadabilityMeasuring: Sendable {
    /// How much of `text` the model can read.
    func readability(of text: String) -> TextReadability
}
