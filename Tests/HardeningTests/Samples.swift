import Foundation

/// Well-formed inputs written for these tests (never copied from evaluation data).
enum Samples {
    /// Six personas as JSON objects, in the card's key order.
    static let personaObjects = [
        #"{"name":"Ines Okafor","username":"ines_o","age":34,"traits":["patient","curious","wry"],"background":"A ferry mechanic from a fishing town who restores bicycles.","chatting_style":"short replies, lots of questions"}"#,
        #"{"name":"Tomas Lind","username":null,"age":61,"traits":["blunt","frugal","loyal","warm"],"background":"A retired tram driver who keeps a weather diary.","chatting_style":"dry jokes and no emoji"}"#,
        #"{"name":"Mei Arslan","username":"meiway","age":27,"traits":["playful","restless","earnest"],"background":"A pastry chef in a canal-side flat who sings in a choir.","chatting_style":"lowercase, quick bursts"}"#,
        #"{"name":"Ruth Calder","username":"rcalder","age":45,"traits":["methodical","sceptical","gentle"],"background":"A county archivist who maps abandoned railways.","chatting_style":"formal greetings, precise grammar"}"#,
        #"{"name":"Obi Mensah","username":"obi_m","age":19,"traits":["impulsive","cheerful","generous","dreamy","anxious"],"background":"A student glassblower on an island with one bus.","chatting_style":"warm, asks about your day"}"#,
        #"{"name":"Lena Brandt","username":null,"age":72,"traits":["stubborn","meticulous","curious"],"background":"A lighthouse keeper who fixes clocks for neighbours.","chatting_style":"answers with anecdotes"}"#,
    ]

    static var personasJSONL: String { personaObjects.joined(separator: "\n") + "\n" }
    static var personasJSONArray: String { "[\n  " + personaObjects.joined(separator: ",\n  ") + "\n]\n" }
    static let plainText = """
    A ferry mechanic from a fishing town who restores bicycles.
    A retired tram driver who keeps a weather diary.
    A pastry chef in a canal-side flat who sings in a choir.
    A county archivist who maps abandoned railways.

    """
    static let csv = """
    id,description,score
    1,"A ferry mechanic, from a fishing town",3
    2,"A tram driver who says ""hello"" twice",4
    3,A pastry chef in a canal-side flat,5
    4,"A county archivist
    who maps railways",2

    """
    /// A PAWS-shaped pair file (TSV with header).
    static let pairsTSV = """
    id\tsentence1\tsentence2\tlabel
    1\tThe ferry left at noon.\tAt noon the ferry departed.\t1
    2\tShe keeps a weather diary.\tShe keeps a diary of her dreams.\t0
    3\tHe fixes clocks for neighbours.\tHe repairs his neighbours' clocks.\t1
    4\tThe choir sings on Sundays.\tThe band rehearses on Mondays.\t0

    """
    /// An SICK-shaped pair file (graded).
    static let pairsGraded = """
    pair_ID\tsentence_A\tsentence_B\trelatedness_score
    1\tA man is riding a bicycle.\tA person rides a bike.\t4.6
    2\tA dog runs in a field.\tA cat sleeps indoors.\t1.2
    3\tTwo women are cooking.\tWomen prepare a meal.\t4.1

    """
}

extension Data {
    /// A copy with every occurrence of `text`'s UTF-8 bytes replaced by `bytes`.
    func replacingOccurrences(of text: String, with bytes: [UInt8]) -> Data {
        var result = self
        while let range = result.range(of: Data(text.utf8)) { result.replaceSubrange(range, with: bytes) }
        return result
    }
}
