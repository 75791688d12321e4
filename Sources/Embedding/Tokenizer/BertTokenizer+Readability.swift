/// The tokenizer measures readability with its own stages, word by word.
extension BertTokenizer: ReadabilityMeasuring {
    /// How much of `text` the model can read: see ``TextReadability`` for the definition.
    ///
    /// Runs the normalizer, pre-tokenizer and WordPiece over the whole text (no truncation, no
    /// special tokens: `[UNK]` written in the text is read as the word "unk").
    /// - Complexity: O(n·L) like ``encode(_:)``, plus O(n) for the script.
    public func readability(of text: String) -> TextReadability {
        var normalized: [Unicode.Scalar] = []
        normalizer.normalize(Substring(text).unicodeScalars, into: &normalized)
        var ids: [Int32] = []
        var scratch = WordPiece.Scratch()
        var characters = 0, unreadable = 0
        BertPreTokenizer.forEachWord(in: normalized) { word in
            ids.removeAll(keepingCapacity: true)
            wordPiece.appendIDs(of: normalized[word], to: &ids, scratch: &scratch)
            characters += word.count
            if ids == [wordPiece.unknownID] {
                unreadable += word.count
            } else {
                unreadable += ids.count { Self.isLoneForeignLetter(vocabulary.tokens[Int($0)]) }
            }
            return true
        }
        return TextReadability(characters: characters, unreadableCharacters: unreadable, script: .dominant(in: text))
    }

    /// Whether `piece` (a `##` continuation or not) is a single letter outside ASCII: the character
    /// by character pieces of a script the vocabulary has no words for.
    static func isLoneForeignLetter(_ piece: String) -> Bool {
        let scalars = piece.hasPrefix("##") ? piece.unicodeScalars.dropFirst(2) : piece.unicodeScalars[...]
        guard scalars.count == 1, let scalar = scalars.first else { return false }
        return !scalar.isASCII && scalar.properties.isAlphabetic
    }
}
