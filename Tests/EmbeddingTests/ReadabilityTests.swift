import Foundation
import Testing
import TestSupport
@testable import Embedding

/// MiniLM's tokenizer, loaded once (nil when `models/` is absent).
private let tokenizer: BertTokenizer? = try? BertTokenizer(vocabularyURL: TokenizerReferenceTests.vocabularyURL)

private let vocabularyAbsent = "skipped: models/all-MiniLM-L6-v2/vocab.txt is absent (run `bash scripts/setup.sh`)"

@Suite("Readability of text to MiniLM's English vocabulary")
struct ReadabilityTests {
    @Test("Share of unreadable characters and dominant script per text",
          .enabled(if: tokenizer != nil, "models/all-MiniLM-L6-v2/vocab.txt is absent"))
    func sharesAndScripts() throws {
        let tokenizer = try #require(tokenizer)
        let cases: [(String, TextReadability.Script, ClosedRange<Double>)] = [
            (MultilingualPersonas.english, .latin, 0 ... 0),
            (MultilingualPersonas.french, .latin, 0 ... 0.1),
            (MultilingualPersonas.spanish, .latin, 0 ... 0.1),
            (MultilingualPersonas.chinese, .han, 0.7 ... 1),
            (MultilingualPersonas.thai, .thai, 0.7 ... 1),
            (MultilingualPersonas.russian, .cyrillic, 0.5 ... 1),
            (MultilingualPersonas.greek, .greek, 0.5 ... 1),
            (MultilingualPersonas.arabic, .arabic, 0.5 ... 1),
        ]
        for (text, script, range) in cases {
            let measured = tokenizer.readability(of: text)
            print(String(format: "%@ %.3f (%d/%d characters)", script.rawValue, measured.unreadableShare, measured.unreadableCharacters, measured.characters))
            #expect(measured.script == script, "\(text)")
            #expect(range.contains(measured.unreadableShare), "\(text): \(measured.unreadableShare)")
            #expect(measured.characters > 0)
        }
        #expect(tokenizer.readability(of: "").unreadableShare == 0)
        #expect(TextReadability.Script.dominant(in: "42 — !") == .other)
        #expect(TextReadability.Script.dominant(in: "ひらがなとカタカナ") == .kana)
        #expect(TextReadability.Script.dominant(in: "한국어 교사") == .hangul)
    }

    @Test("The encoder answers with its own tokenizer",
          .enabled(if: SharedData.modelDirectory != nil, "models/all-MiniLM-L6-v2 is absent"))
    func encoderMeasures() throws {
        let encoder: any TextEncoder = try MiniLMEncoder(modelDirectory: try #require(SharedData.modelDirectory))
        let measure = try #require(encoder as? any ReadabilityMeasuring)
        #expect(measure.readability(of: MultilingualPersonas.thai) == tokenizer?.readability(of: MultilingualPersonas.thai))
        #expect(HashedNGramEncoder() as Any as? any ReadabilityMeasuring == nil)
    }
}

@Suite("Readability on the Persona Hub sample")
struct PersonaHubReadabilityTests {
    @Test("Shares split by script: English lines far below the default limit, Chinese, Thai and Russian far above",
          .enabled(if: tokenizer != nil, "models/all-MiniLM-L6-v2/vocab.txt is absent"))
    func personaHubDistribution() throws {
        let tokenizer = try #require(tokenizer)
        guard let url = SharedData.file("data/corpora/personahub-5000.txt") else {
            print(SharedData.skipMessage("data/corpora/personahub-5000.txt"))
            return
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        var shares = [TextReadability.Script: [Double]]()
        for line in lines {
            let measured = tokenizer.readability(of: line)
            shares[measured.script, default: []].append(measured.unreadableShare)
        }
        for (script, values) in shares.sorted(by: { $0.value.count > $1.value.count }) {
            let above = values.filter { $0 > TextReadability.defaultMaxUnreadableShare }.count
            print(String(format: "%@: %d lines, share min %.3f max %.3f, %d above the limit", script.rawValue, values.count,
                         values.min() ?? 0, values.max() ?? 0, above))
        }
        let limit = TextReadability.defaultMaxUnreadableShare
        #expect((shares[.latin] ?? []).allSatisfy { $0 <= limit })
        for script in [TextReadability.Script.han, .thai, .cyrillic] {
            #expect(!(shares[script] ?? []).isEmpty)
            #expect((shares[script] ?? []).allSatisfy { $0 > limit }, "\(script)")
        }
    }
}
