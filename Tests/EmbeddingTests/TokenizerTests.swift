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
