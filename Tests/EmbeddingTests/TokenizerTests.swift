import Foundation
import Testing
import TestSupport
@testable import Embedding

@Suite("Test support: sha256 and the reference fixture")
struct ReferenceFixtureSupportTests {
    @Test("sha256Hex matches the FIPS 180-4 test vectors")
    func sha256Vectors() {
        #expect(sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(sha256Hex(repeatElement(UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("The fixture loads; shared items resolve when ../shared exists")
    func fixtureLoads() throws {
        let (items, skipped) = try ReferenceFixture.load()
        if skipped > 0 { print(SharedData.skipMessage("data (\(skipped) shared fixture items)")) }
        #expect(items.filter { $0.inputIDs != nil }.count == 184)
        #expect(items.count + skipped == 343)
        #expect(items.allSatisfy { $0.embedding.count == 384 })
    }
}

@Suite("BertTokenizer against the HF reference")
struct TokenizerReferenceTests {
    static let vocabularyURL = SharedData.repositoryRoot.appendingPathComponent("models/all-MiniLM-L6-v2/vocab.txt")

    @Test("Ids identical to the fixture for every text")
    func fixtureIDs() throws {
        let tokenizer = try BertTokenizer(vocabularyURL: Self.vocabularyURL)
        let (items, skipped) = try ReferenceFixture.load()
        if skipped > 0 { print(SharedData.skipMessage("data (\(skipped) shared fixture items)")) }
        var mismatches: [String] = []
        for item in items {
            let ids = tokenizer.encode(item.text)
            if let expected = item.inputIDs {
                if ids.filter({ $0 != 0 }) != expected { mismatches.append("\(item.label) \(item.text.debugDescription): \(ids) vs \(expected)") }
            } else if sha256Hex(ids.map(String.init).joined(separator: ",").utf8) != item.inputIDsSHA256 || ids.count != item.tokenCount {
                mismatches.append("\(item.label): \(ids.count) ids vs \(item.tokenCount)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.joined(separator: "\n"))")
    }
}

/// The MiniLM tokenizer, loaded once for the stage tests.
private let miniLMTokenizer: BertTokenizer? = try? BertTokenizer(vocabularyURL: TokenizerReferenceTests.vocabularyURL)

/// The tokens (not ids) `encode` gives, for readable expectations.
private func tokens(_ text: String, _ tokenizer: BertTokenizer? = miniLMTokenizer) throws -> [String] {
    let tokenizer = try #require(tokenizer)
    return tokenizer.encode(text).map { tokenizer.vocabulary.tokens[Int($0)] }
}

/// The normalizer's output as a String.
private func normalized(_ text: String, lowercase: Bool = true) -> String {
    var output: [Unicode.Scalar] = []
    BertNormalizer(lowercase: lowercase).normalize(Substring(text).unicodeScalars, into: &output)
    var result = String()
    result.unicodeScalars.append(contentsOf: output)
    return result
}

@Suite("BertTokenizer stages")
struct TokenizerStageTests {
    @Test("Cleaning drops NUL, U+FFFD and control/format characters, maps whitespace to spaces")
    func cleaning() {
        for dropped: Unicode.Scalar in ["\u{0}", "\u{FFFD}", "\u{7}", "\u{1B}", "\u{0B}", "\u{85}", "\u{AD}", "\u{200B}", "\u{FEFF}", "\u{E000}"] {
            #expect(BertNormalizer.isDropped(dropped), "U+\(String(dropped.value, radix: 16)) should be dropped")
        }
        // Tab, newline and CR are whitespace, not control; unassigned code points are kept (fast tokenizer).
        for kept in ([0x09, 0x0A, 0x0D, 0x61, 0x378, 0xFDD0] as [UInt32]).compactMap(Unicode.Scalar.init) {
            #expect(!BertNormalizer.isDropped(kept), "U+\(String(kept.value, radix: 16)) should be kept")
        }
        for space: Unicode.Scalar in ["\t", "\n", "\r", " ", "\u{A0}", "\u{2028}", "\u{2029}", "\u{3000}", "\u{1680}"] {
            #expect(BertNormalizer.isWhitespace(space), "U+\(String(space.value, radix: 16)) is whitespace")
        }
        #expect(!BertNormalizer.isWhitespace("\u{200B}"))
        #expect(normalized("a\u{0}b\u{FFFD}c\u{7}d\te\u{2028}f") == "abcd e f")
    }

    @Test("CJK ideographs are spaced with the fast tokenizer's ranges; kana and hangul are not")
    func chineseCharacters() throws {
        #expect(normalized("中文ab") == " 中  文 ab")
        #expect(normalized("カナ한") == "カナ한")
        #expect(BertNormalizer.isChineseCharacter("\u{20000}"))
        #expect(BertNormalizer.isChineseCharacter("\u{F900}"))
        #expect(BertNormalizer.isChineseCharacter("\u{2B920}"))
        #expect(!BertNormalizer.isChineseCharacter("\u{2B820}"), "the fast tokenizer starts Extension E at U+2B920")
        #expect(try tokens("x\u{2B920}y") == ["[CLS]", "x", "[UNK]", "y", "[SEP]"])
        #expect(try tokens("x\u{2B820}y") == ["[CLS]", "[UNK]", "[SEP]"])
        #expect(try tokens("混合") == ["[CLS]", "[UNK]", "合", "[SEP]"])
    }

    @Test("Lower-casing strips accents after NFD, per scalar, without a final-sigma rule")
    func accentsAndCase() throws {
        #expect(normalized("Ångström CAFÉ naïve") == "angstrom cafe naive")
        #expect(normalized("e\u{301} \u{301}x") == "e x")
        #expect(normalized("İstanbul") == "istanbul")
        #expect(normalized("ΣΑΣ") == "σασ")
        #expect(normalized("ß") == "ß")
        #expect(normalized("Ångström", lowercase: false) == "Ångström")
        #expect(try tokens("ΣΑΣ σας") == ["[CLS]", "σ", "##α", "##σ", "σ", "##α", "##ς", "[SEP]"])
        // U+08D4 became Mn after Unicode 8.0: the reference keeps it, so the word is unknown.
        #expect(try tokens("a\u{8D4}b") == ["[CLS]", "[UNK]", "[SEP]"])
        #expect(try tokens("a\u{1734}b") == ["[CLS]", "ab", "[SEP]"])
    }

    @Test("Punctuation: the ASCII ranges plus Unicode P* (as of Unicode 8.0)")
    func punctuation() throws {
        for mark: Unicode.Scalar in ["!", "$", "+", "^", "`", "~", "¿", "—", "«", "。", "\u{166D}"] {
            #expect(BertPreTokenizer.isPunctuation(mark), "\(mark) is punctuation")
        }
        for other: Unicode.Scalar in ["a", "0", " ", "€", "😀", "\u{61D}"] {
            #expect(!BertPreTokenizer.isPunctuation(other), "\(other) is not punctuation")
        }
        let text = Array("don't  stop!?".unicodeScalars)
        var words: [String] = []
        BertPreTokenizer.forEachWord(in: text) { range in
            var word = String()
            word.unicodeScalars.append(contentsOf: text[range])
            words.append(word)
            return true
        }
        #expect(words == ["don", "'", "t", "stop", "!", "?"])
    }

    @Test("WordPiece: longest match first, ## continuations, [UNK] for unmatched or >100-scalar words")
    func wordPiece() throws {
        #expect(try tokens("unbelievably") == ["[CLS]", "un", "##bel", "##ie", "##va", "##bly", "[SEP]"])
        #expect(try tokens("naïve Ⅻ") == ["[CLS]", "naive", "[UNK]", "[SEP]"])
        #expect(try tokens("so😴") == ["[CLS]", "[UNK]", "[SEP]"], "one unmatched piece makes the whole word unknown")
        let hundred = try tokens(String(repeating: "a", count: 100))
        #expect(hundred.count == 52 && hundred[1] == "aaa" && hundred[50] == "##a")
        #expect(try tokens(String(repeating: "a", count: 101)) == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test("Literal special tokens become their ids; other bracketed text is ordinary")
    func specialTokens() throws {
        let tokenizer = try #require(miniLMTokenizer)
        #expect(tokenizer.encode("[PAD]") == [101, 0, 102])
        #expect(try tokens("x[SEP]y") == ["[CLS]", "x", "[SEP]", "y", "[SEP]"])
        #expect(try tokens("[cls] [MASK") == ["[CLS]", "[", "cl", "##s", "]", "[", "mask", "[SEP]"])
        #expect(tokenizer.encode("") == [101, 102])
    }

    @Test("Truncation keeps [CLS], the first maxLength-2 pieces and [SEP]")
    func truncation() throws {
        let tokenizer = try #require(miniLMTokenizer)
        for (words, count) in [(253, 255), (254, 256), (255, 256), (1_000, 256)] {
            let ids = tokenizer.encode(Array(repeating: "nurse", count: words).joined(separator: " "))
            #expect(ids.count == count, "\(words) words")
            #expect(ids.first == 101 && ids.last == 102)
            #expect(ids.dropFirst().dropLast().allSatisfy { $0 == 6821 })
        }
        // A word split into pieces is cut at the limit too.
        let ids = tokenizer.encode(String(repeating: "x", count: 99) + " " + String(repeating: "unbelievably ", count: 60))
        #expect(ids.count == 256 && ids.last == 102)
        let short = try BertTokenizer(vocabularyURL: TokenizerReferenceTests.vocabularyURL, maxLength: 4)
        #expect(short.encode("unbelievably") == [101, 4895, 8671, 102])
        #expect(short.encode("[SEP] [SEP] [SEP]") == [101, 102, 102, 102])
    }

    @Test("Cased mode keeps case and accents")
    func cased() throws {
        let cased = try BertTokenizer(vocabularyURL: TokenizerReferenceTests.vocabularyURL, lowercase: false)
        #expect(try tokens("Hello", cased) == ["[CLS]", "[UNK]", "[SEP]"], "the uncased vocabulary has no 'Hello'")
        #expect(try tokens("hello", cased) == ["[CLS]", "hello", "[SEP]"])
    }
}

@Suite("Vocabulary errors")
struct VocabularyErrorTests {
    /// Writes `bytes` to a fresh temporary file and returns its URL.
    private func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vocab-\(UUID().uuidString).txt")
        try Data(bytes).write(to: url)
        return url
    }

    private func error(loading url: URL) -> TokenizerError? {
        do {
            _ = try BertTokenizer(vocabularyURL: url)
            return nil
        } catch {
            return error as? TokenizerError
        }
    }

    @Test("A missing file names the path")
    func missingFile() throws {
        let url = URL(fileURLWithPath: "/nonexistent/vocab.txt")
        let failure = try #require(error(loading: url))
        #expect(failure.file == url.path)
        #expect(failure.description.hasPrefix("/nonexistent/vocab.txt: cannot read the vocabulary"))
    }

    @Test("Malformed lines are named by file and line")
    func malformed() throws {
        let cases: [(String, Int, String)] = [
            ("[PAD]\n[UNK]\n\n[CLS]\n", 3, "empty token"),
            ("[PAD]\n[UNK]\n[CLS]\n[UNK]\n", 4, "already on line 2"),
            ("[PAD]\nsome token\n", 2, "contains whitespace"),
        ]
        for (content, line, message) in cases {
            let url = try temporaryFile(Array(content.utf8))
            defer { try? FileManager.default.removeItem(at: url) }
            let failure = try #require(error(loading: url))
            #expect(failure.line == line, "\(content.debugDescription)")
            #expect(failure.description.hasPrefix("\(url.path):\(line): "))
            #expect(failure.description.contains(message))
        }
    }

    @Test("Empty, non-UTF-8 or incomplete vocabularies are rejected")
    func unusable() throws {
        let cases: [([UInt8], String)] = [
            ([], "empty"),
            ([0x61, 0xFF, 0x0A], "not valid UTF-8"),
            (Array("[PAD]\n[UNK]\n[SEP]\n".utf8), "no [CLS] token"),
        ]
        for (bytes, message) in cases {
            let url = try temporaryFile(bytes)
            defer { try? FileManager.default.removeItem(at: url) }
            let failure = try #require(error(loading: url))
            #expect(failure.description.hasPrefix(url.path))
            #expect(failure.description.contains(message), "\(failure)")
        }
    }

    @Test("CRLF line ends and a missing final newline are accepted")
    func lineEnds() throws {
        let url = try temporaryFile(Array("[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let tokenizer = try BertTokenizer(vocabularyURL: url)
        #expect(tokenizer.vocabulary.count == 5)
        #expect(tokenizer.encode("Hello there") == [2, 4, 1, 3])
    }
}
