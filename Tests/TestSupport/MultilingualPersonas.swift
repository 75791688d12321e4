/// Persona-like sentences written for this project, one per script plus accented Latin, for the
/// readability tests (MiniLM's English vocabulary reads only the English, French and Spanish ones).
public enum MultilingualPersonas {
    public static let english = "A retired nurse who volunteers at the county library and bakes bread on Sundays."
    public static let englishOther = "A young welder who races motorbikes and restores old radios in his garage."
    public static let french = "Une infirmière retraitée qui aime le théâtre, les échecs et les randonnées en forêt."
    public static let spanish = "Un pescador jubilado de Cádiz que enseña a los niños a reparar redes en el muelle."
    public static let chinese = "一位退休的中学老师，喜欢在公园里下象棋和种花。"
    public static let chineseOther = "一名年轻的外卖骑手，晚上自学编程，梦想开一家游戏公司。"
    /// An icon designer who paints watercolours on holidays.
    public static let thai = "นักออกแบบไอคอนที่ชอบวาดภาพสีน้ำในวันหยุด"
    /// A software developer who has worked on banking systems for ten years.
    public static let thaiOther = "นักพัฒนาซอฟต์แวร์ที่ทำงานกับระบบธนาคารมาสิบปี"
    public static let russian = "Молодой программист из Казани, который любит шахматы и походы в горы."
    public static let greek = "Μια συνταξιούχος δασκάλα που καλλιεργεί ελιές στην Κρήτη."
    public static let arabic = "مهندس معماري شاب يحب تصميم الحدائق والقراءة عن التاريخ."
}
