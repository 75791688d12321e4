import Foundation
import Testing
import TestSupport
@testable import Embedding

@Suite("Test support: sha256 and the reference fixture")
struct ReferenceFixtureSupportTests {
    @Test("sha256Hex matches the FIPS 180-4 test vectors and hashlib at block boundaries")
    func sha256Vectors() {
        #expect(sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
            == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        // Padding boundaries (55/56 bytes: one or two final blocks) and several blocks, from Python's hashlib.
        let repeatedA: [(Int, String)] = [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
            (1_000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
        ]
        for (count, digest) in repeatedA {
            #expect(sha256Hex(repeatElement(UInt8(ascii: "a"), count: count)) == digest, "\(count) × a")
        }
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
                if ids != expected { mismatches.append("\(item.label) \(item.text.debugDescription): \(ids) vs \(expected)") }
            } else if sha256Hex(ids.map(String.init).joined(separator: ",").utf8) != item.inputIDsSHA256 || ids.count != item.tokenCount {
                mismatches.append("\(item.label): \(ids.count) ids vs \(item.tokenCount)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.joined(separator: "\n"))")
    }

    /// Every code point c of planes 0-3 and 14 (plus two private-use samples), encoded as
    /// `"a" + c + "b " + c`, gives the HF fast tokenizer's ids: one checksum over all of them pins
    /// down cleaning, whitespace, CJK, NFD, Mn, lower-casing and punctuation per character,
    /// including the Unicode 8.0 quirks of ``ReferenceUnicode`` (Swift's newer tables differ).
    ///
    /// The checksum is FNV-1a (64-bit) over every id, each text followed by 0xFFFFFFFF (cheaper
    /// than sha256 in a debug build). Expected value from the installed HF tokenizer, run from the
    /// repository root (on a mismatch, dump per-code-point ids from both sides and diff them):
    /// ```python
    /// from transformers import AutoTokenizer
    /// tok = AutoTokenizer.from_pretrained("models/all-MiniLM-L6-v2")
    /// cps = [c for c in [*range(0x323B0), *range(0xE0000, 0xE1000), 0xF0000, 0x10FFFD] if not 0xD800 <= c <= 0xDFFF]
    /// h = 0xcbf29ce484222325
    /// for ids in tok([f"a{chr(c)}b {chr(c)}" for c in cps])["input_ids"]:
    ///     for x in ids + [0xFFFFFFFF]:
    ///         h = ((h ^ x) * 0x100000001b3) % 2**64
    /// print(len(cps), hex(h))
    /// ```
    @Test("Every code point is handled as the HF fast tokenizer handles it")
    func everyCodePoint() throws {
        let tokenizer = try BertTokenizer(vocabularyURL: Self.vocabularyURL)
        let codePoints = Array(0 ..< 0x323B0) + Array(0xE0000 ..< 0xE1000) + [0xF0000, 0x10FFFD]
        var checksum: UInt64 = 0xCBF2_9CE4_8422_2325
        var texts = 0
        for value in codePoints {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue } // surrogates
            var text = "a"
            text.unicodeScalars.append(scalar)
            text += "b "
            text.unicodeScalars.append(scalar)
            for id in tokenizer.encode(text).map(UInt32.init) + [0xFFFF_FFFF] {
                checksum = (checksum ^ UInt64(id)) &* 0x100_0000_01B3
            }
            texts += 1
        }
        #expect(texts == 207_794)
        #expect(checksum == 0xA01C_3DCB_711D_E74E, "some code point is tokenized differently from the HF tokenizer")
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

    @Test("Long texts are encoded in chunks without changing the ids")
    func chunks() throws {
        let long = try BertTokenizer(vocabularyURL: TokenizerReferenceTests.vocabularyURL, maxLength: 10_000)
        let cafe = try #require(long.vocabulary["cafe"])
        // 1,500 words over several 1,024-scalar chunks, with an accent that a chunk boundary could split.
        let ids = long.encode(String(repeating: "Cafe\u{301} \t", count: 1_500) + "[SEP]x")
        #expect(ids.count == 1_504)
        #expect(ids.dropFirst().prefix(1_500).allSatisfy { $0 == cafe })
        #expect(ids.suffix(3) == [102, 1060, 102])
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
