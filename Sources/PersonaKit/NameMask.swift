import Foundation

/// Replaces a persona's own name and username in its texts by one neutral word, so that text
/// similarity reads what a persona is, not what it is called.
///
/// The generator draws a fresh name for every attempt and instruct models write it into the
/// prose ("Heitor Elkayam is a home health aide …"); MiniLM weighs rare name tokens heavily, so a
/// copy under another name would look new. The rule:
/// - every word of the name (first, middle, last; a hyphenated part counts as two words) and the
///   username as a whole are matched on word boundaries, ignoring case and accents ("Lucía"
///   matches "lucia"); words shorter than two letters (initials) and numbers are left alone;
/// - a run of matched words (separated by spaces or hyphens, "Heitor Elkayam") becomes one
///   ``token``, and a possessive `'s`/`’s` (or a bare `'` after an s) stays after it;
/// - a name word that is also an ordinary English word ("Hope", "Rich", "Will", "Grace") is
///   matched only where it is capitalised, so "never gives up hope" keeps its meaning while
///   "Hope Adams" and a sentence-initial "Hope" are masked.
///
/// This is the one place the rule lives: ``PersonaTextTemplate`` applies it before any persona
/// text is embedded or compared.
public struct NameMask: Sendable, Equatable {
    /// The neutral word that stands in for the name: chosen on the persona-pair dev sets
    /// (`Benchmarks/persona-pairs/`, see `Benchmarks/THRESHOLDS.md`).
    public static let token = "Someone"
    /// What a possessive name becomes.
    static let possessiveToken = token + "'s"

    /// Folded name words (lower case, accents removed).
    let nameWords: Set<String>
    /// Folded username, when there is one.
    let username: String?

    /// The mask of one persona's name and username.
    /// - Parameters:
    ///   - name: the full name.
    ///   - username: the handle, nil when there is none.
    public init(name: String, username: String?) {
        nameWords = Set(Self.words(in: name).map { Self.fold($0.text) }.filter { $0.count >= 2 && $0.contains(where: \.isLetter) })
        let handle = username.map { Self.fold($0.trimmingCharacters(in: .whitespaces)) }
        self.username = handle.flatMap { $0.count >= 2 ? ($0.hasPrefix("@") ? String($0.dropFirst()) : $0) : nil }
    }

    /// The mask of `persona`'s own name and username.
    public init(_ persona: Persona) {
        self.init(name: persona.name, username: persona.username)
    }

    /// Whether the mask would change nothing (no usable name word and no username).
    public var isEmpty: Bool { nameWords.isEmpty && username == nil }

    /// `text` with every occurrence of the name and username replaced by ``token``.
    /// - Complexity: O(length of `text`).
    public func apply(to text: String) -> String {
        guard !isEmpty else { return text }
        let spans = matches(in: text)
        guard !spans.isEmpty else { return text }
        var output = ""
        var position = text.startIndex
        for span in spans {
            output += text[position ..< span.range.lowerBound]
            output += span.possessive ? Self.possessiveToken : Self.token
            position = span.range.upperBound
        }
        return output + text[position...]
    }

    /// Whether `text` names the persona (a word of its name, or its username).
    public func occurs(in text: String) -> Bool { !isEmpty && !matches(in: text).isEmpty }

    /// Whether `text` says nothing but the name or username (punctuation aside): "Tariq Dumont.".
    public func isOnlyName(_ text: String) -> Bool {
        guard !isEmpty else { return false }
        let words = Self.words(in: text)
        guard !words.isEmpty else { return false }
        let masked = Set(matches(in: text).flatMap { span in words.indices.filter { span.range.contains(words[$0].range.lowerBound) } })
        return masked.count == words.count
    }

    /// Whether `word` (one word, as a trait is) is one of the name's words or the username.
    public func isNameWord(_ word: String) -> Bool {
        let folded = Self.fold(word.trimmingCharacters(in: .whitespacesAndNewlines))
        return nameWords.contains(folded) || folded == username
    }

    // MARK: - Matching

    struct Span {
        var range: Range<String.Index>
        var possessive: Bool
    }

    /// Matched runs in text order, merged across spaces and hyphens, each with its possessive.
    func matches(in text: String) -> [Span] {
        var spans: [Span] = []
        for word in Self.words(in: text) {
            guard let possessive = match(word) else { continue }
            if let last = spans.last, !last.possessive,
               text[last.range.upperBound ..< word.range.lowerBound].allSatisfy({ $0 == " " || $0 == "-" }) {
                spans[spans.count - 1].range = last.range.lowerBound ..< word.range.upperBound
                spans[spans.count - 1].possessive = possessive
            } else {
                spans.append(Span(range: word.range, possessive: possessive))
            }
            if !possessive, let end = Self.bareApostropheEnd(after: word.range.upperBound, in: text, word: word.text) {
                spans[spans.count - 1].range = spans[spans.count - 1].range.lowerBound ..< end
                spans[spans.count - 1].possessive = true
            }
        }
        return spans
    }

    /// Whether `word` is the name or the username: nil when not, else whether it is the possessive form.
    private func match(_ word: Word) -> Bool? {
        if isMatch(word.text) { return false }
        guard let last = word.text.utf8.last, last == UInt8(ascii: "s") || last == UInt8(ascii: "S") else { return nil }
        for suffix in ["'s", "’s", "'S", "’S"] where word.text.hasSuffix(suffix) {
            if isMatch(String(word.text.dropLast(2))) { return true }
        }
        return nil
    }

    private func isMatch(_ text: String) -> Bool {
        let folded = Self.fold(text)
        if let username, folded == username { return true }
        guard nameWords.contains(folded) else { return false }
        if Self.ordinaryWords.contains(folded) { return text.first?.isUppercase == true }
        return true
    }

    /// A word of text: a maximal run of letters and digits, with inner `.`, `_` and apostrophes (so a
    /// handle such as `leok.streams`, a name such as `O'Brien` and a possessive `Heitor's` are one word).
    struct Word {
        var text: String
        var range: Range<String.Index>
    }

    /// The words of `text`; ASCII text (almost all prose) is scanned byte by byte, anything else
    /// character by character, with the same rule.
    static func words(in text: String) -> [Word] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return scanWords(text.utf8, of: text, isWordPart: { byte in
                (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            }, isInner: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "'") })
        }
        let inner: Set<Character> = [".", "_", "'", "’"]
        return scanWords(text, of: text, isWordPart: { $0.isLetter || $0.isNumber }, isInner: { inner.contains($0) })
    }

    /// Maximal runs of word parts in `units` (a view of `text`), each with inner separators allowed
    /// and trailing ones trimmed.
    private static func scanWords<Units: BidirectionalCollection>(
        _ units: Units, of text: String, isWordPart: (Units.Element) -> Bool, isInner: (Units.Element) -> Bool
    ) -> [Word] where Units.Index == String.Index {
        var words: [Word] = []
        var start: String.Index?
        func close(at end: String.Index) {
            guard let begin = start else { return }
            var last = end
            while last > begin, isInner(units[units.index(before: last)]) { last = units.index(before: last) }
            if begin < last { words.append(Word(text: String(text[begin ..< last]), range: begin ..< last)) }
            start = nil
        }
        var index = units.startIndex
        while index < units.endIndex {
            let unit = units[index]
            if isWordPart(unit) {
                if start == nil { start = index }
            } else if start == nil || !isInner(unit) {
                close(at: index)
            }
            index = units.index(after: index)
        }
        close(at: units.endIndex)
        return words
    }

    /// The end of a lone apostrophe right after a name ending in s ("James' car").
    static func bareApostropheEnd(after index: String.Index, in text: String, word: String) -> String.Index? {
        guard index < text.endIndex, text[index] == "'" || text[index] == "’", word.last == "s" || word.last == "S" else { return nil }
        let next = text.index(after: index)
        return next == text.endIndex || !(text[next].isLetter || text[next].isNumber) ? next : nil
    }

    /// Lower case without accents, with one apostrophe: "Lucía" and "LUCIA" fold alike, as do "O’Brien" and "O'Brien".
    /// ASCII text (almost every word of English prose) is lower-cased byte by byte, which is what
    /// Foundation's folding gives it, about 50 times faster; other text goes through Foundation.
    static func fold(_ text: String) -> String {
        var utf8 = Array(text.utf8)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            for index in utf8.indices where utf8[index] >= UInt8(ascii: "A") && utf8[index] <= UInt8(ascii: "Z") { utf8[index] += 32 }
            return String(decoding: utf8, as: UTF8.self)
        }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).replacingOccurrences(of: "’", with: "'")
    }

    /// Name words that are also ordinary English words: masked only where capitalised.
    static let ordinaryWords: Set<String> = Set("""
    hope faith grace joy will may june april august rich bill mark rose summer autumn dawn young green brown white black \
    gray grey long king hunter baker cook mason page rice hall lane park wood hill stone ward ray guy art pat sue max \
    frank jack sunny patience constance prudence chase sky river storm bliss honey ivy lily daisy holly heather iris jade \
    ruby amber pearl crystal destiny harmony melody charity mercy serenity trinity justice angel star rain hart fox wolf \
    bird lamb fisher miller taylor carter cooper porter turner walker fields banks rivers wells waters woods rush cash \
    gold silver sterling noble bishop dean pope major earl duke judge marshal sage clay forest brook glen hale price \
    mann little small strong bright gentle moody friend love free best golden early
    """.split(whereSeparator: \.isWhitespace).map(String.init))
}
