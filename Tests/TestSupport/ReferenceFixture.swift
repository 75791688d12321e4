import Foundation

/// One text of the MiniLM reference fixture with what the Python reference produced for it.
public struct ReferenceItem: Sendable {
    /// Where the text comes from: `"inline #3"` or `"../shared/data/dev/sts-dev.csv:30 col 5"`.
    public let label: String
    /// The text itself (inline items: from the fixture; shared items: re-read from `../shared`).
    public let text: String
    /// The HF tokenizer's ids with [CLS]/[SEP], padding removed (inline items only).
    public let inputIDs: [Int32]?
    /// sha256 of the ids joined by `","` (shared items only; their ids are not stored).
    public let inputIDsSHA256: String?
    /// The number of ids, [CLS] and [SEP] included.
    public let tokenCount: Int
    /// The sentence-transformers embedding (384 floats, L2-normalised).
    public let embedding: [Float]
}

/// A fixture item that cannot be resolved or does not match what the fixture recorded.
public struct ReferenceFixtureError: Error, CustomStringConvertible {
    /// The item (or the fixture file) concerned.
    public let label: String
    /// What went wrong.
    public let message: String

    public var description: String { "\(label): \(message)" }
}

/// Loads `Tests/EmbeddingTests/Fixtures/minilm_reference.json` (written by
/// `scripts/reference/make_embedding_fixtures.py`) and resolves its shared items from `../shared`.
public enum ReferenceFixture {
    /// The fixture file, read by path from the repository root.
    public static let url: URL = SharedData.repositoryRoot
        .appendingPathComponent("Tests/EmbeddingTests/Fixtures/minilm_reference.json")

    /// All fixture items, inline first, in file order.
    ///
    /// Shared items are re-read from `../shared` at their path, line (1-based) and TSV column
    /// (0-based; `.txt` corpora use column 0 for the whole line) or JSON field (`.jsonl`), with
    /// utf-8-sig semantics, and their text's sha256 is checked against the fixture. When
    /// `../shared` is absent they are left out and counted in `skippedShared`.
    /// - Returns: The resolved items and the number of shared items left out.
    /// - Throws: ``ReferenceFixtureError`` naming the item when the fixture is malformed, a shared
    ///   file or line is missing, or a re-read text's sha256 differs from the fixture's.
    public static func load() throws -> (items: [ReferenceItem], skippedShared: Int) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReferenceFixtureError(label: url.path, message: "cannot read the fixture: \(error)")
        }
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: data) } catch {
            throw ReferenceFixtureError(label: url.path, message: "malformed fixture: \(error)")
        }
        var items: [ReferenceItem] = []
        var skippedShared = 0
        var inlineCount = 0
        var lineCache: [String: [String]] = [:]
        for raw in document.items {
            switch raw.source {
            case "inline":
                inlineCount += 1
                let label = "inline #\(inlineCount)"
                guard let text = raw.text, let ids = raw.input_ids else {
                    throw ReferenceFixtureError(label: label, message: "inline item without text or input_ids")
                }
                items.append(ReferenceItem(label: label, text: text, inputIDs: ids, inputIDsSHA256: nil,
                                           tokenCount: ids.count, embedding: raw.embedding))
            case "shared":
                guard let root = SharedData.root else {
                    skippedShared += 1
                    continue
                }
                items.append(try resolveShared(raw, root: root, lineCache: &lineCache))
            default:
                throw ReferenceFixtureError(label: url.path, message: "unknown item source \"\(raw.source)\"")
            }
        }
        return (items, skippedShared)
    }

    /// Re-reads a shared item's text from `root` and checks it against the fixture's sha256.
    private static func resolveShared(_ raw: RawItem, root: URL,
                                      lineCache: inout [String: [String]]) throws -> ReferenceItem {
        guard let path = raw.path, let lineNumber = raw.line, let textSHA = raw.text_sha256,
              let idsSHA = raw.input_ids_sha256, let tokenCount = raw.token_count,
              raw.column != nil || raw.field != nil else {
            throw ReferenceFixtureError(label: "shared item \(raw.path ?? "?")",
                                        message: "missing path, line, column/field or digests")
        }
        let label = "../shared/\(path):\(lineNumber) " + (raw.field.map { "field \($0)" } ?? "col \(raw.column ?? 0)")
        let lines: [String]
        if let cached = lineCache[path] {
            lines = cached
        } else {
            let fileURL = root.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: fileURL.path) else {
                throw ReferenceFixtureError(label: label, message: "cannot read \(fileURL.path)")
            }
            lines = splitLines(data)
            lineCache[path] = lines
        }
        guard lineNumber >= 1, lineNumber <= lines.count else {
            throw ReferenceFixtureError(label: label, message: "the file has only \(lines.count) lines")
        }
        let line = lines[lineNumber - 1]
        let text: String
        if let field = raw.field {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let value = object[field] as? String else {
                throw ReferenceFixtureError(label: label, message: "no string field \"\(field)\" in this JSON line")
            }
            text = value
        } else if path.hasSuffix(".txt") && raw.column == 0 {
            text = line
        } else {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let column = raw.column ?? 0
            guard column >= 0, column < fields.count else {
                throw ReferenceFixtureError(label: label, message: "the line has only \(fields.count) tab-separated fields")
            }
            text = String(fields[column])
        }
        let actualSHA = sha256Hex(text.utf8)
        guard actualSHA == textSHA else {
            throw ReferenceFixtureError(label: label,
                                        message: "text sha256 \(actualSHA) differs from the fixture's \(textSHA) (has ../shared changed?)")
        }
        return ReferenceItem(label: label, text: text, inputIDs: nil, inputIDsSHA256: idsSHA,
                             tokenCount: tokenCount, embedding: raw.embedding)
    }

    /// Splits a file into lines as Python reads it with `encoding="utf-8-sig"`: one leading BOM
    /// dropped, lines ending at `\r\n`, `\r` or `\n` (universal newlines), terminators removed.
    private static func splitLines(_ data: Data) -> [String] {
        let bytes = [UInt8](data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...])
        var lines: [String] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(String(decoding: bytes[start ..< index], as: UTF8.self))
                index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        if start < bytes.count { lines.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return lines
    }

    /// The fixture's JSON document.
    private struct Document: Decodable {
        let items: [RawItem]
    }

    /// One item as stored in the JSON (snake_case keys, as the Python script writes them).
    private struct RawItem: Decodable {
        let source: String
        let text: String?
        let input_ids: [Int32]?
        let path: String?
        let line: Int?
        let column: Int?
        let field: String?
        let text_sha256: String?
        let input_ids_sha256: String?
        let token_count: Int?
        let embedding: [Float]
    }
}
