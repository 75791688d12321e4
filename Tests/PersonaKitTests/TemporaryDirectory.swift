import Foundation
import PersonaKit

/// A fresh directory under the system temp folder for files a test writes; removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("personakit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` inside the directory.
    func file(_ name: String, bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    /// Writes `text` (UTF-8) to `name` inside the directory.
    func file(_ name: String, _ text: String) throws -> URL {
        try file(name, bytes: Array(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Persona lines written for these tests (fictional people, not from any dataset).
enum Samples {
    static let mara = #"{"name":"Mara Quill","username":"tidepool_cartographer","age":37,"traits":["patient","curious","dry-humoured"],"background":"A harbour pilot who maps kelp forests on her days off and sells the charts at a weekend market.","chatting_style":"Short replies, nautical slang, signs off with a wave emoji."}"#
    static let odon = #"{"name":"Odon Réal","username":null,"age":64,"traits":["gruff","loyal","meticulous","nostalgic"],"background":"A retired clock restorer rebuilding his late brother's tower clock in a village that barely remembers it.","chatting_style":"Long paragraphs, no emoji, apologises for typos he never makes."}"#
    static let suki = #"{"name":"Suki Tam","username":"latencyghost","age":23,"traits":["restless","funny","competitive"],"background":"A night-shift data-centre technician who speedruns puzzle games between alarms.","chatting_style":"lowercase bursts, gaming slang, answers questions with questions"}"#

    /// Reads every record, returning the records and the summary.
    static func readAll(_ url: URL, _ format: InputFormat, _ mode: ErrorMode,
                        rules: ValidationRules? = .card) throws -> ([DatasetRecord], ReadSummary) {
        var records: [DatasetRecord] = []
        let summary = try DatasetReader(url: url, format: format, mode: mode, rules: rules).read { records.append($0) }
        return (records, summary)
    }

    /// The InputError `body` throws, or nil.
    static func inputError(_ body: () throws -> Void) -> InputError? {
        do { try body() } catch let error as InputError { return error } catch { return nil }
        return nil
    }
}
