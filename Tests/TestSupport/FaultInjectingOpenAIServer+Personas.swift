import Foundation

/// Word lists (written for these tests) from which the server composes distinct personas.
enum PersonaWords {
    static let adjectives = ["patient", "curious", "blunt", "cheerful", "methodical", "restless", "wry", "gentle", "stubborn", "generous",
                             "anxious", "playful", "frugal", "earnest", "sceptical", "warm", "meticulous", "impulsive", "loyal", "dreamy"]
    static let jobs = ["ferry mechanic", "beekeeper", "night-shift radiographer", "school librarian", "tram driver", "pastry chef",
                       "marine surveyor", "violin repairer", "county archivist", "glassblower", "seed-bank technician", "court stenographer",
                       "lighthouse keeper", "wind-turbine inspector", "cartographer", "dog groomer", "orchard manager", "sound engineer"]
    static let places = ["a fishing town on the north coast", "a high-rise in a river port", "a farmhouse near the salt marshes",
                         "a mining valley", "a university district", "a border village", "an island with one bus", "a desert suburb",
                         "a canal-side flat", "a mountain pass hamlet", "a former textile city", "a vineyard slope"]
    static let pastimes = ["restores rusty bicycles", "keeps a weather diary", "plays chess by post", "forages mushrooms",
                           "builds model ships", "sings in a choir", "brews ginger beer", "maps abandoned railways", "carves spoons",
                           "coaches junior football", "collects old radio sets", "swims in the sea all winter", "translates poems",
                           "breeds pigeons", "fixes clocks for neighbours", "paints street signs"]
    static let quirks = ["never answers the phone before noon", "hums while thinking", "counts stairs", "names every houseplant",
                         "distrusts microwaves", "keeps receipts for years", "quotes weather forecasts", "always carries string",
                         "argues about maps", "writes lists on napkins"]
    static let styles = ["short replies, lots of questions", "long rambling messages with asides", "dry jokes and no emoji",
                         "formal greetings, precise grammar", "lowercase, quick bursts", "warm, asks about your day",
                         "blunt one-liners", "shares links and trivia", "uses nautical slang", "answers with anecdotes"]

    /// The JSON content of good chat answer `number`.
    static func persona(number: Int, seed: UInt64, overlong: Bool) -> String {
        var rng = SplitMix64(seed: seed &+ UInt64(number) &* 0xD1B5_4A32_D192_ED03)
        let traitCount = Int.random(in: 3 ... 5, using: &rng)
        let traits = Array(adjectives.shuffled(using: &rng).prefix(traitCount))
        let first = pastimes.randomElement(using: &rng) ?? "reads"
        let second = pastimes.filter { $0 != first }.randomElement(using: &rng) ?? "walks"
        var background = "A \(jobs.randomElement(using: &rng) ?? "clerk") from \(places.randomElement(using: &rng) ?? "a town") who \(first) and \(second); \(quirks.randomElement(using: &rng) ?? "hums"). Request \(number)."
        var style = styles.randomElement(using: &rng) ?? "short"
        if overlong {
            background = String(repeating: background + " ", count: 4)
            style = String(repeating: style + ", ", count: 10)
        }
        let object: [String: Any] = ["name": "Server Name", "username": NSNull(), "age": Int.random(in: 19 ... 75, using: &rng),
                                     "traits": traits, "background": background, "chatting_style": style]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
