// Category levels and their approximate real frequencies (from the schema document and public EDA).

enum Levels {
  static let contractType = Categorical([("Cash loans", 90.48), ("Revolving loans", 9.52)])
  static let gender = EncodedLevels(["F", "M", "XNA"])
  static let yesNo = EncodedLevels(["N", "Y"])
  static let typeSuite = Categorical([
    ("Unaccompanied", 81.16), ("Family", 13.11), ("Spouse, partner", 3.70), ("Children", 1.06),
    ("Other_B", 0.58), ("Other_A", 0.28), ("Group of people", 0.09)
  ])
  static let incomeType = Categorical([
    ("Working", 51.63), ("Commercial associate", 23.29), ("Pensioner", 18.00),
    ("State servant", 7.06), ("Unemployed", 0.0072), ("Student", 0.0059), ("Businessman", 0.0033),
    ("Maternity leave", 0.0016)
  ])
  static let education = Categorical([
    ("Secondary / secondary special", 71.02), ("Higher education", 24.34),
    ("Incomplete higher", 3.34), ("Lower secondary", 1.24), ("Academic degree", 0.053)
  ])
  static let familyStatus = Categorical([
    ("Married", 63.88), ("Single / not married", 14.78), ("Civil marriage", 9.68),
    ("Separated", 6.43), ("Widow", 5.23), ("Unknown", 0.00065)
  ])
  static let housing = Categorical([
    ("House / apartment", 88.73), ("With parents", 4.83), ("Municipal apartment", 3.64),
    ("Rented apartment", 1.59), ("Office apartment", 0.85), ("Co-op apartment", 0.36)
  ])
  static let occupation = Categorical([
    ("Laborers", 55186), ("Sales staff", 32102), ("Core staff", 27570), ("Managers", 21371),
    ("Drivers", 18603), ("High skill tech staff", 11380), ("Accountants", 9813),
    ("Medicine staff", 8537), ("Security staff", 6721), ("Cooking staff", 5946),
    ("Cleaning staff", 4653), ("Private service staff", 2652), ("Low-skill Laborers", 2093),
    ("Waiters/barmen staff", 1348), ("Secretaries", 1305), ("Realty agents", 751),
    ("HR staff", 563), ("IT staff", 526)
  ])
  /// Extra default risk (logit) by occupation, same order as `occupation`.
  static let occupationRisk: [Double] = [
    0.15, 0.10, -0.15, -0.25, 0.28, -0.20, -0.30, -0.05, 0.22, 0.15, 0.15, -0.05, 0.55, 0.30,
    -0.05, 0.05, -0.15, -0.25
  ]
  static let weekday = Categorical([
    ("TUESDAY", 17.5), ("WEDNESDAY", 16.9), ("MONDAY", 16.5), ("THURSDAY", 16.4),
    ("FRIDAY", 16.4), ("SATURDAY", 11.0), ("SUNDAY", 5.3)
  ])
  static let organization = Categorical([
    ("Business Entity Type 3", 67992), ("Self-employed", 38412), ("Other", 16683),
    ("Medicine", 11193), ("Business Entity Type 2", 10553), ("Government", 10404),
    ("School", 8893), ("Trade: type 7", 7831), ("Kindergarten", 6880), ("Construction", 6721),
    ("Business Entity Type 1", 5984), ("Transport: type 4", 5398), ("Trade: type 3", 3492),
    ("Industry: type 9", 3368), ("Industry: type 3", 3278), ("Security", 3247),
    ("Housing", 2958), ("Industry: type 11", 2704), ("Military", 2634), ("Bank", 2507),
    ("Agriculture", 2454), ("Police", 2341), ("Transport: type 2", 2204), ("Postal", 2157),
    ("Security Ministries", 1974), ("Trade: type 2", 1900), ("Restaurant", 1811),
    ("Services", 1575), ("University", 1327), ("Industry: type 7", 1307),
    ("Transport: type 3", 1187), ("Industry: type 1", 1039), ("Hotel", 966),
    ("Electricity", 950), ("Industry: type 4", 877), ("Trade: type 6", 631),
    ("Industry: type 5", 599), ("Insurance", 597), ("Telecom", 577), ("Emergency", 560),
    ("Industry: type 2", 458), ("Advertising", 429), ("Realtor", 396), ("Culture", 379),
    ("Industry: type 12", 369), ("Trade: type 1", 348), ("Mobile", 317),
    ("Legal Services", 305), ("Cleaning", 260), ("Transport: type 1", 201),
    ("Industry: type 6", 112), ("Industry: type 10", 109), ("Religion", 85),
    ("Industry: type 13", 67), ("Trade: type 4", 64), ("Trade: type 5", 49),
    ("Industry: type 8", 24)
  ])
  static let organizationXNA = EncodedLevels(["XNA"])
  static let fondkapremont = Categorical([
    ("reg oper account", 73830), ("reg oper spec account", 12080), ("not specified", 5687),
    ("org spec account", 5619)
  ])
  static let houseType = Categorical([
    ("block of flats", 150503), ("specific housing", 1499), ("terraced house", 1212)
  ])
  static let walls = Categorical([
    ("Panel", 66040), ("Stone, brick", 64815), ("Block", 9253), ("Wooden", 5362),
    ("Mixed", 2296), ("Monolithic", 1779), ("Others", 1625)
  ])
  static let emergency = EncodedLevels(["No", "Yes"])

  /// Regions: relative population, client rating, rating with city, weight.
  static let regions: [(pop: Double, rating: Int, cityRating: Int, weight: Double)] = [
    (0.035792, 2, 2, 16408), (0.04622, 1, 1, 13442), (0.072508, 1, 1, 8412),
    (0.030755, 2, 2, 12163), (0.028663, 2, 2, 11857), (0.026392, 2, 2, 11601),
    (0.025164, 2, 2, 11950), (0.0228, 2, 2, 6943), (0.020713, 3, 3, 8066),
    (0.019689, 2, 2, 6733), (0.01885, 2, 2, 7668), (0.018801, 2, 2, 6207),
    (0.018634, 2, 2, 7038), (0.018209, 3, 3, 16096), (0.016612, 2, 2, 5578),
    (0.015221, 2, 2, 5735), (0.010032, 2, 2, 4968), (0.010006, 2, 1, 7095),
    (0.009657, 2, 2, 5373), (0.008019, 2, 2, 4836), (0.00702, 2, 2, 5412),
    (0.006296, 3, 3, 5102), (0.00496, 2, 2, 3932), (0.003541, 1, 1, 3302),
    (0.003122, 3, 3, 3174), (0.002042, 3, 3, 3013), (0.001276, 3, 3, 2558),
    (0.00029, 2, 2, 1200), (0.031329, 2, 2, 11321), (0.010966, 2, 2, 4700),
    (0.02461, 2, 2, 8000), (0.006671, 3, 3, 4200), (0.011657, 3, 3, 3300)
  ]

  // Bureau
  static let creditActive = EncodedLevels(["Active", "Bad debt", "Closed", "Sold"])
  static let currency = Categorical([
    ("currency 1", 99.918), ("currency 2", 0.0722), ("currency 3", 0.0099), ("currency 4", 0.0006)
  ])
  static let creditType = Categorical([
    ("Consumer credit", 1_251_615), ("Credit card", 402_195), ("Car loan", 27690),
    ("Mortgage", 18391), ("Microloan", 12413), ("Loan for business development", 1975),
    ("Another type of loan", 1017), ("Unknown type of loan", 555),
    ("Loan for working capital replenishment", 469), ("Cash loan (non-earmarked)", 56),
    ("Real estate loan", 27), ("Loan for the purchase of equipment", 19),
    ("Loan for purchase of shares (margin lending)", 4), ("Interbank credit", 1),
    ("Mobile operator loan", 1)
  ])

  // Previous applications
  static let prevContract = EncodedLevels(["Cash loans", "Consumer loans", "Revolving loans", "XNA"])
  static let prevStatus = EncodedLevels(["Approved", "Canceled", "Refused", "Unused offer"])
  static let paymentType = EncodedLevels([
    "Cash through the bank", "Cashless from the account of the employer",
    "Non-cash from your account", "XNA"
  ])
  static let rejectReason = Categorical([
    ("HC", 175231), ("LIMIT", 55680), ("SCO", 37467), ("SCOFR", 12811), ("XNA", 5244),
    ("VERIF", 3535), ("SYSTEM", 717)
  ])
  static let rejectFixed = EncodedLevels(["XAP", "CLIENT"])
  static let clientType = Categorical([
    ("Repeater", 1_231_261), ("New", 301_363), ("Refreshed", 135_649), ("XNA", 1941)
  ])
  static let goodsCategory = Categorical([
    ("Mobile", 224708), ("Consumer Electronics", 121576), ("Computers", 105769),
    ("Audio/Video", 99441), ("Furniture", 53656), ("Photo / Cinema Equipment", 25021),
    ("Construction Materials", 24995), ("Clothing and Accessories", 23554),
    ("Auto Accessories", 7381), ("Jewelry", 6290), ("Homewares", 5023),
    ("Medical Supplies", 3843), ("Vehicles", 3370), ("Sport and Leisure", 2981),
    ("Gardening", 2668), ("Other", 2554), ("Office Appliances", 2333), ("Tourism", 1659),
    ("Medicine", 1550), ("Direct Sales", 446), ("Fitness", 209), ("Additional Service", 128),
    ("Education", 107), ("Weapon", 77), ("Insurance", 64), ("House Construction", 10),
    ("Animals", 1)
  ])
  static let goodsXNA = EncodedLevels(["XNA"])
  static let cashPurpose = Categorical([
    ("Repairs", 23765), ("Other", 15608), ("Urgent needs", 8412), ("Buying a used car", 2888),
    ("Building a house or an annex", 2693), ("Everyday expenses", 2416), ("Medicine", 2174),
    ("Payments on other loans", 1931), ("Education", 1573), ("Journey", 1239),
    ("Purchase of electronic equipment", 1061), ("Buying a new car", 1012),
    ("Wedding / gift / holiday", 962), ("Buying a home", 865), ("Car repairs", 797),
    ("Furniture", 749), ("Buying a holiday home / land", 533), ("Business development", 426),
    ("Gasification / water supply", 300), ("Buying a garage", 136), ("Hobby", 55),
    ("Money for a third person", 25), ("Refusal to name the goal", 15)
  ])
  static let purposeFixed = EncodedLevels(["XAP", "XNA"])
  static let portfolio = EncodedLevels(["Cards", "Cars", "Cash", "POS", "XNA"])
  static let productType = EncodedLevels(["XNA", "walk-in", "x-sell"])
  static let cashChannel = Categorical([
    ("Credit and cash offices", 70), ("Contact center", 10), ("AP+ (Cash loan)", 11),
    ("Country-wide", 5), ("Regional / Local", 3), ("Channel of corporate sales", 1)
  ])
  static let posChannel = Categorical([
    ("Country-wide", 55), ("Stone", 31), ("Regional / Local", 12.5),
    ("Channel of corporate sales", 1), ("Car dealer", 0.3), ("Credit and cash offices", 0.5)
  ])
  static let sellerIndustry = EncodedLevels([
    "Auto technology", "Clothing", "Connectivity", "Construction", "Consumer electronics",
    "Furniture", "Industry", "Jewelry", "MLM partners", "Tourism", "XNA"
  ])
  static let yieldGroup = EncodedLevels(["XNA", "high", "low_action", "low_normal", "middle"])
  static let productCombination = EncodedLevels([
    "Card Street", "Card X-Sell", "Cash", "Cash Street: high", "Cash Street: low",
    "Cash Street: middle", "Cash X-Sell: high", "Cash X-Sell: low", "Cash X-Sell: middle",
    "POS household with interest", "POS household without interest",
    "POS industry with interest", "POS industry without interest", "POS mobile with interest",
    "POS mobile without interest", "POS other with interest", "POS others without interest"
  ])
  static let posStatus = EncodedLevels([
    "Active", "Amortized debt", "Approved", "Canceled", "Completed", "Demand",
    "Returned to the store", "Signed", "XNA"
  ])
  static let cardStatus = EncodedLevels([
    "Active", "Approved", "Completed", "Demand", "Refused", "Sent proposal", "Signed"
  ])
  static let bureauStatus = EncodedLevels(["0", "1", "2", "3", "4", "5", "C", "X"])
}
