import TextMetrics

/// Finds text copied from a prompt's own instructions: any run of ``runLength`` words that also
/// occurs in the instructions and holds at least one word that is not a stop word.
///
/// The instructions are the prompt templates' literal text, placeholders left out (what the model
/// was told, not the sampled ingredients it was given): "Aleksander's personality to draw on is
/// religious, …" copies "personality to draw on", and "one-sentence on how they chat" copies
/// "sentence on how they". Runs of stop words alone ("on how they") are everyday English, and
/// shorter runs match ordinary phrasing, so neither counts.
public struct InstructionEcho: Sendable, Equatable {
    /// Words in a copied run.
    public static let runLength = 4

    /// Every qualifying run of the instructions, words joined by one space.
    let runs: Set<String>
    /// The ``windowHash(_:)`` of every run, so a text's windows are looked up without joining their words.
    private let runHashes: Set<Int>

    /// The echo check of prompts whose templates are `templates` (e.g. the system and user messages).
    /// - Parameter templates: template texts; `{placeholder}`s are removed before the words are taken.
    public init(templates: [String]) {
        var runs = Set<String>()
        for template in templates {
            for segment in Self.literalSegments(of: template) {
                let words = Lexical.words(segment)
                guard words.count >= Self.runLength else { continue }
                for start in 0 ... words.count - Self.runLength {
                    let run = words[start ..< start + Self.runLength]
                    if run.allSatisfy({ Lexical.stopWords.contains($0) }) { continue }
                    runs.insert(run.joined(separator: " "))
                }
            }
        }
        self.runs = runs
        runHashes = Set(runs.map { Self.windowHash($0.split(separator: " ").map { String($0).hashValue }[...]) })
    }

    /// One hash of a window of words from their hashes (equal windows hash equally within a process).
    private static func windowHash(_ wordHashes: ArraySlice<Int>) -> Int {
        var hasher = Hasher()
        for hash in wordHashes { hasher.combine(hash) }
        return hasher.finalize()
    }

    /// The first run of `text` copied from the instructions, or nil.
    /// - Complexity: O(words of `text`).
    public func copiedRun(in text: String) -> String? {
        guard !runs.isEmpty else { return nil }
        let words = Lexical.words(text)
        guard words.count >= Self.runLength else { return nil }
        let hashes = words.map(\.hashValue)
        for start in 0 ... words.count - Self.runLength where runHashes.contains(Self.windowHash(hashes[start ..< start + Self.runLength])) {
            let run = words[start ..< start + Self.runLength].joined(separator: " ")
            if runs.contains(run) { return run }
        }
        return nil
    }

    /// The first `<…>` span of `text` that starts with a letter: a blank of a fill-in-the-form prompt
    /// (`"<their job and where they do it>"`) left in or rewritten in place ("<No information provided>"),
    /// whatever the prompt was; nil when there is none. Emoticons and comparisons ("<3", "a < b", ";>")
    /// do not open a span.
    public static func formBlank(in text: String) -> String? {
        var start: String.Index?
        for index in text.indices {
            switch text[index] {
            case "<":
                let next = text.index(after: index)
                start = next < text.endIndex && text[next].isLetter ? index : nil
            case ">":
                if let open = start { return String(text[open ... index]) }
            default: break
            }
        }
        return nil
    }

    /// The template's text between placeholders: a run never spans a `{placeholder}`, since the model
    /// saw a sampled value there.
    static func literalSegments(of template: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var inPlaceholder = false
        for character in template {
            if character == "{" {
                inPlaceholder = true
                segments.append(current)
                current = ""
            } else if character == "}", inPlaceholder {
                inPlaceholder = false
            } else if !inPlaceholder {
                current.append(character)
            }
        }
        segments.append(current)
        return segments
    }
}
