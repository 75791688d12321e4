import TextMetrics

/// What a chatting style must be: a description of how the person writes.
enum ChattingStyleShape {
    /// The first style rule `style` breaks (hashtags only, greeting, too short), with a message, or nil.
    static func problem(_ style: String, enabled: Set<ContentRule>) -> (ContentRule, String)? {
        let text = style.trimmingCharacters(in: .whitespacesAndNewlines)
        let tokens = text.split(whereSeparator: \.isWhitespace)
        if enabled.contains(.styleHashtagsOnly), !tokens.isEmpty, tokens.allSatisfy({ $0.hasPrefix("#") || !$0.contains(where: \.isLetter) }),
           tokens.contains(where: { $0.hasPrefix("#") }) {
            return (.styleHashtagsOnly, "hashtags only, not a description")
        }
        let words = Lexical.words(text)
        if enabled.contains(.styleGreeting), isGreeting(words) { return (.styleGreeting, "a greeting to the reader, not a description") }
        let count = WrittenWords.count(words)
        if enabled.contains(.styleTooShort), count < ContentChecker.minimumStyleWords {
            return (.styleTooShort, "\(count) words, fewer than \(ContentChecker.minimumStyleWords)")
        }
        return nil
    }

    /// Openings that greet the reader.
    static let greetings: [[String]] = """
    hi|hello|hey|heya|hiya|howdy|greetings|yo|sup|whats up|what s up|good morning|good afternoon|good evening|\
    hey there|hi there|hello there|dear friend|dear reader|welcome
    """.split(separator: "|").map { Lexical.words(String($0)) }

    /// Whether the words open with a greeting: "Hey there! …", "Hello, I'm …".
    static func isGreeting(_ words: [String]) -> Bool {
        greetings.contains { greeting in words.count >= greeting.count && Array(words.prefix(greeting.count)) == greeting }
    }
}
