"""The food business licence on-site check (食品经营许可现场核查), as data: four checklist tables, what the
applicant films for each, which table each business type uses, and the default pass rules.

Modelled on the national practice under 《食品经营许可和备案管理办法》 (2023) and the 审查通则 of the
provinces, and on docs/domain.md. Baiyun's remote route (seed case 4) replaces the visit with videos filmed on
site, so every item is phrased as something a reviewer can see in those videos, and names the area (an
`Area` key in checklists.py) whose footage shows it. Documents are checked by filming them held to the
camera (the `records` area).

Plain literals only (no imports from the project): checklists.py turns them into frozen objects once, at
import, and refuses a table whose rows are malformed. Item codes are stable identifiers — verdicts are
stored against them — so never renumber a published code; retire it and add a new one.
"""

from __future__ import annotations

from typing import Final, TypedDict

# (code, section, level, area, text_zh, text_en). Section, level and area are keys of the Section, Level
# and Area enums in checklists.py.
ItemRow = tuple[str, str, str, str, str, str]
# (area, instructions_zh, instructions_en): one stop of a video.
ShotRow = tuple[str, str, str]
# (title_zh, title_en, shots): one video the applicant records on site.
VideoRow = tuple[str, str, tuple[ShotRow, ...]]


class TableSpec(TypedDict):
    code_prefix: str
    name_zh: str
    name_en: str
    items: tuple[ItemRow, ...]
    videos: tuple[VideoRow, ...]


# ---------------------------------------------------------------------------------------------------------
# Which table each `business_type` choice of the food licence form (the demo catalogue, onego/demo/catalogue.json) uses.
# The form has six choices and there are four tables: a restaurant and a staff canteen share the
# 餐馆、单位食堂 table, and a central kitchen and a group-meal delivery unit share the 中央厨房、集体用餐配送单位
# table, as the national practice groups them.
BUSINESS_TYPE_TABLES: Final[dict[str, str]] = {
    "small_catering": "small_catering",  # 小餐饮
    "restaurant": "restaurant_canteen",  # 餐馆
    "canteen": "restaurant_canteen",  # 单位食堂
    "central_kitchen": "central_kitchen",  # 中央厨房
    "group_meal_delivery": "central_kitchen",  # 集体用餐配送单位
    # 食品销售（预包装食品，兼营其他食品）. Selling only pre-packaged food needs a filing (备案), not a licence;
    # an applicant who gets here sells pre-packaged food and more, and this table checks the pre-packaged part.
    "prepackaged_retail": "prepackaged_retail",
}

# ---------------------------------------------------------------------------------------------------------
# Default pass rules per table (docs/domain.md "Food business licence"; configurable: settings.ONEGO_FOOD_PASS_RULES
# overrides them, see checklists.pass_rule_for). None means "no limit of its own".
DEFAULT_PASS_RULES: Final[dict[str, dict[str, int | None]]] = {
    # 关键项 0；重点项+一般项 ≤ 8，其中重点项 ≤ 3
    "small_catering": {"max_key_failures": 0, "max_major_failures": 3, "max_major_and_general_failures": 8},
    # 关键项 0；重点项+一般项 ≤ 10，其中重点项 ≤ 4
    "restaurant_canteen": {
        "max_key_failures": 0,
        "max_major_failures": 4,
        "max_major_and_general_failures": 10,
    },
    # 关键项 0；重点项+一般项 ≤ 12
    "central_kitchen": {
        "max_key_failures": 0,
        "max_major_failures": None,
        "max_major_and_general_failures": 12,
    },
    # 关键项 0
    "prepackaged_retail": {
        "max_key_failures": 0,
        "max_major_failures": None,
        "max_major_and_general_failures": None,
    },
}

# ---------------------------------------------------------------------------------------------------------
# What to film in each area. Shared wording first; a table's videos pick the stops they need.
_EXTERIOR = (
    "exterior",
    "站在门外，先拍清门牌号和店招（应与申请地址、营业执照名称一致），再原地缓慢转一圈，拍出周边 25 米范围内的环境"
    "（有无垃圾站、公共厕所、化粪池、污水池、禽畜养殖等污染源）",
    "Standing outside, first film the street number and the shop sign (they must match the declared address and "
    "the business licence), then turn slowly on the spot to show everything within 25 m (refuse stations, public "
    "toilets, septic tanks, sewage pools, animal pens — or that there are none)",
)
_DINING_AREA = (
    "dining_area",
    "从正门进入，拍就餐区全貌、通风照明和顾客洗手设施，再拍通往后厨的门或传菜口，表明顾客不能直接进入食品处理区",
    "Walk in through the front door; film the whole dining area, its ventilation and lighting and the guests' "
    "hand-washing facility, then the door or serving hatch to the kitchen, showing that guests cannot walk in",
)
_PROCESSING_ROOM = (
    "processing_room",
    "进入加工操作间，按原料进入→清洗→切配→烹饪→出餐的顺序边走边拍；依次拍地面、墙裙、天花板、门窗纱网或门帘、"
    "排水沟及隔栅、各清洗水池及标识、洗手设施、灶台上方排油烟罩、挡鼠板和灭蝇灯、刀具砧板和容器的标识",
    "Enter the kitchen and walk the food's route while filming: raw materials in → washing → cutting → cooking → "
    "serving. On the way show the floor, the wall dado, the ceiling, fly screens or strip curtains, the drains and "
    "their grilles, each sink and its label, the hand-washing basin, the hood over the stoves, the rodent boards "
    "and fly killers, and the marks on knives, boards and containers",
)
_CLEANING_DISINFECTION = (
    "cleaning_disinfection",
    "拍餐用具清洗水池、消毒设施（打开消毒柜门）和已消毒餐用具保洁柜（打开柜门拍出内部）及其标识",
    "Film the sinks for tableware, the disinfection equipment (open the cabinet door) and the closed cupboard for "
    "disinfected tableware (open it to show the inside), with their labels",
)
_STORAGE = (
    "storage",
    "拍食品库房或贮存货架全貌，近拍货架、垫板底层与地面和墙面的距离（可放卷尺）；拍杀虫剂、清洁剂、消毒剂等的"
    "专柜及警示标识，以及食品添加剂的存放位置",
    "Film the whole store room or storage shelving, then close up the gap between the lowest shelf or pallet and "
    "the floor and wall (a tape measure helps); film the locked cupboard for pesticides, cleaners and "
    "disinfectants with its warning sign, and where food additives are kept",
)
_COLD_STORAGE = (
    "cold_storage",
    "逐台打开冰箱、冷柜或冷库门，拍出温度显示、柜门上的用途标识和内部存放情况（生熟是否分开、有无非食品）",
    "Open each fridge, freezer or cold room in turn; film its temperature display, the label on its door and "
    "what is inside (raw and cooked apart, nothing that is not food)",
)
_STAFF_AREA = (
    "staff_area",
    "拍更衣场所或更衣柜、工作衣帽的存放，以及员工在岗时的着装",
    "Film the changing room or lockers, where work clothes and hats are kept, and staff dressed for work",
)
_TOILET_WASTE = (
    "toilet_waste",
    "拍卫生间的位置（门朝向哪里、与食品处理区的关系）和其中的洗手、排风设施；拍带盖的餐厨废弃物容器和隔油设施",
    "Film where the toilet is (which way its door opens, how it relates to the food-handling area) and its "
    "hand-washing and exhaust fan; film the lidded food-waste bins and the grease trap",
)
_RECORDS = (
    "records",
    "将食品安全管理制度、从业人员健康证明、食品安全管理人员培训考核合格证明、进货查验记录逐一对准镜头，每份停留"
    " 3 秒以上，文字清晰可辨；拍店内公示栏",
    "Hold each document up to the camera for at least 3 seconds, readable: the food-safety rules, staff health "
    "certificates, the food-safety manager's training certificate, the purchase inspection records; film the "
    "notice board",
)
_SPECIAL_ROOM = (
    "special_room",
    "从预进间进入专间，拍洗手消毒和二次更衣设施、专间门、紫外线消毒灯、独立空调及室温显示、专用冷藏设施、"
    "工具清洗消毒设施、食品传递窗口和快速冷却设备",
    "Enter the clean room through its ante-room; film the hand-washing and disinfection point and the second "
    "change of clothes, the door, the UV lamps, the room's own air conditioner and thermometer, its own fridge, "
    "the tool disinfection point, the pass-through hatch and the rapid-cooling equipment",
)
_LABORATORY = (
    "laboratory",
    "拍检验室全貌、检验设备（逐台拍清名称）和检验记录",
    "Film the whole laboratory, each piece of testing equipment (its name readable) and the test records",
)
_TRANSPORT = (
    "transport",
    "拍配送车辆外观（车身标识和车牌），打开车厢拍内部和保温或冷藏设施；拍配送容器及其封口、标签，和车辆清洗消毒场所",
    "Film the delivery vehicle from outside (its markings and number plate), open it to show the inside and its "
    "insulation or refrigeration; film the delivery containers, their seals and labels, and where vehicles are "
    "cleaned and disinfected",
)
_SALES_AREA = (
    "sales_area",
    "从入口开始沿货架通道边走边拍销售区全貌，拍出食品与非食品分区的标识、货架和照明、门帘或挡鼠板，以及临近保质期"
    "食品的陈列位置",
    "From the entrance, walk along the aisles filming the whole sales floor: the signs separating food from "
    "non-food, the shelves and lighting, strip curtains or rodent boards, and where food near its use-by date "
    "is displayed",
)

# ---------------------------------------------------------------------------------------------------------
# 小餐饮 small catering: 43 items, 17 key / 18 major / 8 general.
SMALL_CATERING_ITEMS: Final[tuple[ItemRow, ...]] = (
    # 场所与环境 Premises
    (
        "XCY-01",
        "premises",
        "key",
        "exterior",
        "实际经营地址（门牌号、楼层、房号）与申请地址一致，视频拍摄定位与申请地址相符",
        "The actual address (street number, floor, room) matches the declared address, and so does the video's "
        "recorded location",
    ),
    (
        "XCY-02",
        "premises",
        "key",
        "exterior",
        "经营场所距离粪坑、污水池、暴露垃圾场（站）、旱厕等污染源 25 米以上",
        "The premises are at least 25 m from cesspits, sewage pools, open refuse dumps or stations, dry latrines "
        "and similar sources of pollution",
    ),
    (
        "XCY-03",
        "premises",
        "key",
        "exterior",
        "周边无粉尘、有害气体、放射性物质等扩散性污染源，经营场所不设在易受到污染的区域",
        "No spreading source of pollution nearby (dust, harmful gas, radioactive material); the premises are not in "
        "an area easily polluted",
    ),
    (
        "XCY-04",
        "premises",
        "key",
        "processing_room",
        "食品处理区设在室内，与住所、生活区完全分隔，区内无住宿、无晾晒衣物",
        "Food is handled indoors, fully partitioned from any dwelling or living quarters; nobody sleeps there and no "
        "laundry is dried there",
    ),
    (
        "XCY-05",
        "premises",
        "key",
        "processing_room",
        "经营场所内不圈养、不宰杀活的禽畜类动物",
        "No live poultry or livestock are kept or slaughtered on the premises",
    ),
    (
        "XCY-06",
        "premises",
        "general",
        "exterior",
        "门头店招名称与营业执照一致；店外无占道加工、露天烹饪或露天存放食品",
        "The shop sign matches the name on the business licence; no food is prepared, cooked or stored outdoors on "
        "the pavement",
    ),
    # 布局与流程 Layout
    (
        "XCY-07",
        "layout",
        "key",
        "processing_room",
        "食品处理区按原料进入、原料处理、半成品加工、成品供应的流程布局，不交叉、不逆流",
        "The food-handling area follows the flow raw materials in → preparation → cooking → serving, with no "
        "crossing or backflow",
    ),
    (
        "XCY-08",
        "layout",
        "key",
        "processing_room",
        "生、熟食品的加工区域分开；刀具、砧板、容器生熟分开使用并有明显标识",
        "Raw and cooked food are handled in separate zones; knives, chopping boards and containers for raw and "
        "cooked food are kept apart and clearly marked",
    ),
    (
        "XCY-09",
        "layout",
        "key",
        "processing_room",
        "食品处理区面积与经营的食品品种、数量相适应，切配、烹饪操作台面满足操作需要",
        "The food-handling area suits the menu and volume; there is enough worktop for cutting and cooking",
    ),
    (
        "XCY-10",
        "layout",
        "major",
        "cleaning_disinfection",
        "餐用具清洗消毒区域与食品加工区域分开，餐用具与食品原料不在同一水池清洗",
        "Tableware is washed and disinfected away from food preparation; tableware and raw food are never washed "
        "in the same sink",
    ),
    (
        "XCY-11",
        "layout",
        "major",
        "dining_area",
        "就餐区与食品处理区之间有隔断，顾客不能随意进入食品处理区",
        "The dining area is partitioned from the food-handling area; guests cannot walk in",
    ),
    (
        "XCY-12",
        "layout",
        "major",
        "processing_room",
        "食品处理区内无杂物、个人生活用品和与加工无关的物品，无宠物",
        "The food-handling area holds no clutter, personal belongings or articles unrelated to cooking, and no pets",
    ),
    # 建筑结构 Structure
    (
        "XCY-13",
        "structure",
        "major",
        "processing_room",
        "地面用无毒、无异味、不透水、耐腐蚀、防滑的材料铺设，平整、无破损、无积水",
        "The floor is of non-toxic, odourless, impervious, corrosion-resistant, non-slip material; even, intact, "
        "no standing water",
    ),
    (
        "XCY-14",
        "structure",
        "major",
        "processing_room",
        "加工操作间墙壁设 1.5 米以上浅色、不吸水、易清洗的墙裙，无霉斑、无涂层脱落",
        "Kitchen walls have a light-coloured, non-absorbent, washable dado at least 1.5 m high, with no mould or "
        "flaking",
    ),
    (
        "XCY-15",
        "structure",
        "general",
        "processing_room",
        "天花板用无毒、无异味、不吸水、易清洁的浅色材料，无霉斑、无脱落、无冷凝水滴落",
        "The ceiling is of a light-coloured, non-toxic, odourless, non-absorbent, easily cleaned material, with no "
        "mould, flaking or dripping condensation",
    ),
    (
        "XCY-16",
        "structure",
        "major",
        "processing_room",
        "门窗闭合严密；与外界直接相通的门窗设纱窗、门帘或风幕机等防蝇防虫设施",
        "Doors and windows close tightly; those opening to the outside have fly screens, strip curtains or an air "
        "curtain",
    ),
    (
        "XCY-17",
        "structure",
        "major",
        "processing_room",
        "排水沟有坡度、保持通畅，排水口设金属隔栅或网罩，防止鼠类侵入",
        "Drains slope and run freely; outlets have metal grilles or mesh against rodents",
    ),
    # 设施设备 Facilities
    (
        "XCY-18",
        "facilities",
        "key",
        "processing_room",
        "使用符合生活饮用水卫生标准的自来水（或经检验合格的水源），供水设施完好",
        "Water is mains water (or a tested source) meeting the drinking-water standard; the supply is in good order",
    ),
    (
        "XCY-19",
        "facilities",
        "major",
        "processing_room",
        "动物性食品、植物性食品、水产品原料清洗水池分开设置并有明显标识，拖布池单独设置",
        "Separate, clearly labelled sinks for meat, vegetables and aquatic products; a separate mop sink",
    ),
    (
        "XCY-20",
        "facilities",
        "major",
        "processing_room",
        "食品处理区设洗手设施，配有洗手液（皂液）和干手设施，张贴洗手方法图示",
        "The food-handling area has a hand-washing basin with liquid soap, a way to dry hands and the hand-washing "
        "steps posted",
    ),
    (
        "XCY-21",
        "facilities",
        "major",
        "processing_room",
        "烹饪区灶台上方设排油烟罩，排气口设网罩等防鼠、防虫设施",
        "A hood over the stoves extracts fumes; the exhaust outlet has mesh against rodents and insects",
    ),
    (
        "XCY-22",
        "facilities",
        "major",
        "processing_room",
        "设挡鼠板、灭蝇灯等防鼠防虫设施，灭蝇灯不悬挂在食品加工操作区正上方",
        "Rodent boards, fly killers and the like are in place; no fly killer hangs directly over food preparation",
    ),
    (
        "XCY-23",
        "facilities",
        "general",
        "processing_room",
        "照明充足，光源不改变食品的感官颜色；食品暴露区域上方的灯具有防护罩",
        "Lighting is bright and does not change how food looks; lamps over exposed food have shatter guards",
    ),
    (
        "XCY-24",
        "facilities",
        "general",
        "processing_room",
        "工具、容器的材质无毒、无异味、表面光滑易清洗，分类定位存放",
        "Tools and containers are non-toxic, odourless, smooth and easily cleaned, kept by kind in fixed places",
    ),
    (
        "XCY-25",
        "facilities",
        "key",
        "cleaning_disinfection",
        "设有餐用具清洗消毒设施（消毒柜或消毒水池），数量、容量与供餐规模相适应",
        "Tableware washing and disinfection equipment (a disinfection cabinet or chemical sink) is sized to the "
        "number of meals served",
    ),
    (
        "XCY-26",
        "facilities",
        "key",
        "cleaning_disinfection",
        "设有专用的已消毒餐用具保洁柜，标识明显，柜内不存放其他物品",
        "A dedicated closed cupboard holds disinfected tableware, is clearly labelled and holds nothing else",
    ),
    (
        "XCY-27",
        "facilities",
        "key",
        "cold_storage",
        "配备与经营品种、数量相适应的冷藏、冷冻设施，运转正常",
        "Refrigeration and freezing equipment suits the menu and volume and is running",
    ),
    (
        "XCY-28",
        "facilities",
        "major",
        "cold_storage",
        "冷藏、冷冻设施按原料、半成品、成品标识用途，设有可正常显示的温度计",
        "Fridges and freezers are labelled for raw materials, semi-finished or finished food and have working "
        "thermometers",
    ),
    (
        "XCY-29",
        "facilities",
        "major",
        "toilet_waste",
        "设带盖的餐厨废弃物存放容器，有明显标识，与食品容器有明显区分",
        "Lidded, labelled food-waste bins, clearly different from food containers",
    ),
    (
        "XCY-30",
        "facilities",
        "key",
        "toilet_waste",
        "卫生间不设在食品处理区内，出入口不直对食品处理区",
        "The toilet is not inside the food-handling area and its door does not open straight onto it",
    ),
    (
        "XCY-31",
        "facilities",
        "general",
        "toilet_waste",
        "卫生间设洗手设施和排风装置，保持清洁、无异味",
        "The toilet has a hand-washing basin and an exhaust fan, and is clean and odour-free",
    ),
    # 贮存 Storage
    (
        "XCY-32",
        "storage",
        "key",
        "storage",
        "设有专用的食品贮存场所或设施（库房、货架或橱柜），不存放有毒有害物品和个人生活用品",
        "A dedicated place for storing food (store room, shelves or cupboards) holds no toxic or harmful articles "
        "and no personal belongings",
    ),
    (
        "XCY-33",
        "storage",
        "major",
        "storage",
        "食品贮存货架、垫板离地面 10 厘米以上、离墙面 10 厘米以上",
        "Storage shelves and pallets are at least 10 cm off the floor and 10 cm from the wall",
    ),
    (
        "XCY-34",
        "storage",
        "major",
        "storage",
        "食品与非食品（工具、包装材料等）分区存放，食品原料按类别分开存放并有标识",
        "Food and non-food (tools, packaging) are stored apart; raw materials are stored by kind and labelled",
    ),
    (
        "XCY-35",
        "storage",
        "key",
        "storage",
        "杀虫剂、杀鼠剂、清洁剂、消毒剂等设专柜（专区）存放，有明显警示标识，远离食品处理区",
        "Pesticides, rodenticides, cleaners and disinfectants are kept in a dedicated cupboard or area with a "
        "warning sign, away from food handling",
    ),
    (
        "XCY-36",
        "storage",
        "general",
        "storage",
        "食品添加剂专柜（专位）存放，标注“食品添加剂”字样",
        'Food additives are kept in their own cupboard or place, marked "food additives" (食品添加剂)',
    ),
    (
        "XCY-37",
        "storage",
        "key",
        "cold_storage",
        "冷藏、冷冻设施内生熟食品分开存放，不存放药品等非食品",
        "Inside fridges and freezers raw and cooked food are kept apart, and there is no non-food such as medicine",
    ),
    # 人员与制度 Personnel and management
    (
        "XCY-38",
        "personnel_management",
        "major",
        "records",
        "配备经培训考核合格的食品安全管理人员，与申请信息一致",
        "A food-safety manager, trained and assessed as competent, is in post and matches the application",
    ),
    (
        "XCY-39",
        "personnel_management",
        "key",
        "records",
        "从事接触直接入口食品工作的从业人员持有效健康证明",
        "Everyone who handles ready-to-eat food holds a valid health certificate",
    ),
    (
        "XCY-40",
        "personnel_management",
        "major",
        "records",
        "建立并上墙公示食品安全管理制度（从业人员健康管理、进货查验记录、食品安全自查、餐用具清洗消毒、"
        "食品添加剂使用管理等）",
        "The food-safety rules are in place and posted (staff health, purchase inspection records, self-inspection, "
        "tableware cleaning and disinfection, use of food additives and the like)",
    ),
    (
        "XCY-41",
        "personnel_management",
        "major",
        "records",
        "建立进货查验记录台账，能出示供货者资质和票据的留存方式",
        "A purchase inspection register is kept and shows how suppliers' credentials and receipts are retained",
    ),
    (
        "XCY-42",
        "personnel_management",
        "general",
        "staff_area",
        "设更衣场所或更衣柜，个人衣物与工作衣帽分开存放",
        "There is a changing place or lockers; personal clothes are kept apart from work clothes",
    ),
    (
        "XCY-43",
        "personnel_management",
        "general",
        "staff_area",
        "从业人员穿戴清洁的工作衣帽，不佩戴饰物",
        "Staff wear clean work clothes and hats and no jewellery",
    ),
)

# ---------------------------------------------------------------------------------------------------------
# 餐馆、单位食堂 restaurant and staff canteen: 48 items, 15 key / 22 major / 11 general.
RESTAURANT_CANTEEN_ITEMS: Final[tuple[ItemRow, ...]] = (
    # 场所与环境 Premises
    (
        "CGST-01",
        "premises",
        "key",
        "exterior",
        "实际经营地址（门牌号、楼层、房号）与申请地址一致，视频拍摄定位与申请地址相符",
        "The actual address (street number, floor, room) matches the declared address, and so does the video's "
        "recorded location",
    ),
    (
        "CGST-02",
        "premises",
        "key",
        "exterior",
        "距离粪坑、污水池、暴露垃圾场（站）、旱厕等污染源 25 米以上，周边无粉尘、有害气体等扩散性污染源",
        "At least 25 m from cesspits, sewage pools, open refuse dumps or stations and dry latrines, with no "
        "spreading pollution (dust, harmful gas) nearby",
    ),
    (
        "CGST-03",
        "premises",
        "key",
        "processing_room",
        "食品处理区设在室内，与住宿、生活区分隔，区内无住宿、无晾晒衣物",
        "Food is handled indoors, partitioned from sleeping and living quarters; nobody sleeps there and no laundry "
        "is dried there",
    ),
    (
        "CGST-04",
        "premises",
        "key",
        "processing_room",
        "经营场所内不圈养、不宰杀活的禽畜类动物",
        "No live poultry or livestock are kept or slaughtered on the premises",
    ),
    (
        "CGST-05",
        "premises",
        "general",
        "exterior",
        "门头店招（单位食堂为食堂标识）与营业执照或单位名称一致；室外无露天加工、烹饪",
        "The shop sign (for a canteen, its name board) matches the business licence or the employer's name; no food "
        "is prepared or cooked outdoors",
    ),
    # 布局与流程 Layout
    (
        "CGST-06",
        "layout",
        "key",
        "processing_room",
        "食品处理区按原料进入、原料处理、半成品加工、成品供应的流程布局，不交叉、不逆流",
        "The food-handling area follows the flow raw materials in → preparation → cooking → serving, with no "
        "crossing or backflow",
    ),
    (
        "CGST-07",
        "layout",
        "key",
        "processing_room",
        "生、熟食品的加工区域分开；刀具、砧板、容器生熟分开使用并有明显标识",
        "Raw and cooked food are handled in separate zones; knives, chopping boards and containers for raw and "
        "cooked food are kept apart and clearly marked",
    ),
    (
        "CGST-08",
        "layout",
        "key",
        "processing_room",
        "食品处理区面积与就餐场所面积、最大供餐人数相适应",
        "The food-handling area is in proportion to the dining area and the largest number of meals served",
    ),
    (
        "CGST-09",
        "layout",
        "major",
        "processing_room",
        "粗加工、切配、烹饪区域分区（或分间）设置，各区有明显标识",
        "Rough preparation, cutting and cooking have their own zones (or rooms), each clearly marked",
    ),
    (
        "CGST-10",
        "layout",
        "major",
        "cleaning_disinfection",
        "餐用具清洗消毒区独立设置，与食品加工区分开",
        "Tableware is washed and disinfected in its own zone, apart from food preparation",
    ),
    (
        "CGST-11",
        "layout",
        "major",
        "dining_area",
        "就餐区与食品处理区分隔，成品经传菜口或备餐区供应，顾客不能进入食品处理区",
        "The dining area is partitioned from the food-handling area; dishes go out through a serving hatch or "
        "servery, and guests cannot walk in",
    ),
    (
        "CGST-12",
        "layout",
        "general",
        "processing_room",
        "食品处理区内无杂物、个人生活用品和与加工无关的物品",
        "The food-handling area holds no clutter, personal belongings or articles unrelated to cooking",
    ),
    # 建筑结构 Structure
    (
        "CGST-13",
        "structure",
        "major",
        "processing_room",
        "地面用无毒、无异味、不透水、耐腐蚀、防滑的材料铺设，平整、无破损、无积水",
        "The floor is of non-toxic, odourless, impervious, corrosion-resistant, non-slip material; even, intact, "
        "no standing water",
    ),
    (
        "CGST-14",
        "structure",
        "major",
        "processing_room",
        "加工操作间墙壁设 1.5 米以上浅色、不吸水、易清洗的墙裙，无霉斑、无涂层脱落",
        "Kitchen walls have a light-coloured, non-absorbent, washable dado at least 1.5 m high, with no mould or "
        "flaking",
    ),
    (
        "CGST-15",
        "structure",
        "general",
        "processing_room",
        "天花板用浅色、不吸水、易清洁的材料，管道不暴露在食品上方，无霉斑、无冷凝水滴落",
        "The ceiling is light-coloured, non-absorbent and easily cleaned, with no exposed pipes over food, no mould "
        "and no dripping condensation",
    ),
    (
        "CGST-16",
        "structure",
        "major",
        "processing_room",
        "门窗闭合严密；与外界直接相通的门窗设纱窗、门帘或风幕机等防蝇防虫设施",
        "Doors and windows close tightly; those opening to the outside have fly screens, strip curtains or an air "
        "curtain",
    ),
    (
        "CGST-17",
        "structure",
        "major",
        "processing_room",
        "排水沟有坡度、保持通畅，排水口设金属隔栅或网罩，防止鼠类侵入",
        "Drains slope and run freely; outlets have metal grilles or mesh against rodents",
    ),
    # 设施设备 Facilities
    (
        "CGST-18",
        "facilities",
        "key",
        "processing_room",
        "使用符合生活饮用水卫生标准的自来水（或经检验合格的水源），供水设施完好",
        "Water is mains water (or a tested source) meeting the drinking-water standard; the supply is in good order",
    ),
    (
        "CGST-19",
        "facilities",
        "major",
        "processing_room",
        "动物性食品、植物性食品、水产品原料清洗水池分开设置，并有明显标识",
        "Separate, clearly labelled sinks for meat, vegetables and aquatic products",
    ),
    (
        "CGST-20",
        "facilities",
        "general",
        "processing_room",
        "拖布池等清洁工具清洗水池单独设置，位置不会污染食品",
        "A separate mop sink for cleaning tools, placed where it cannot contaminate food",
    ),
    (
        "CGST-21",
        "facilities",
        "major",
        "processing_room",
        "食品处理区设足够的洗手设施，配有洗手液（皂液）、干手设施和洗手方法图示，水龙头宜为非手触动式",
        "Enough hand-washing basins in the food-handling area, with liquid soap, a way to dry hands and the steps "
        "posted; taps preferably not hand-operated",
    ),
    (
        "CGST-22",
        "facilities",
        "key",
        "cleaning_disinfection",
        "设有餐用具清洗消毒设施（洗碗机、消毒柜或消毒水池），数量、容量与供餐规模相适应",
        "Tableware washing and disinfection equipment (dishwasher, disinfection cabinet or chemical sink) is sized "
        "to the number of meals served",
    ),
    (
        "CGST-23",
        "facilities",
        "key",
        "cleaning_disinfection",
        "设有专用的已消毒餐用具保洁柜，标识明显，柜内不存放其他物品",
        "A dedicated closed cupboard holds disinfected tableware, is clearly labelled and holds nothing else",
    ),
    (
        "CGST-24",
        "facilities",
        "major",
        "cleaning_disinfection",
        "清洗、消毒、保洁设施有明显区分标识；采用化学消毒的，配有量杯和消毒液浓度试纸",
        "Washing, disinfection and clean storage are clearly labelled; where chemicals are used, a measuring cup and "
        "concentration test strips are at hand",
    ),
    (
        "CGST-25",
        "facilities",
        "key",
        "cold_storage",
        "配备与经营品种、供餐人数相适应的冷藏、冷冻设施，运转正常",
        "Refrigeration and freezing equipment suits the menu and the number of meals and is running",
    ),
    (
        "CGST-26",
        "facilities",
        "major",
        "cold_storage",
        "冷藏、冷冻设施按原料、半成品、成品标识用途，设有可正常显示的温度计",
        "Fridges and freezers are labelled for raw materials, semi-finished or finished food and have working "
        "thermometers",
    ),
    (
        "CGST-27",
        "facilities",
        "major",
        "processing_room",
        "烹饪区灶台上方设排油烟罩，排气口设网罩等防鼠、防虫设施",
        "A hood over the stoves extracts fumes; the exhaust outlet has mesh against rodents and insects",
    ),
    (
        "CGST-28",
        "facilities",
        "general",
        "processing_room",
        "照明充足，光源不改变食品的感官颜色；食品暴露区域上方的灯具有防护罩",
        "Lighting is bright and does not change how food looks; lamps over exposed food have shatter guards",
    ),
    (
        "CGST-29",
        "facilities",
        "major",
        "processing_room",
        "设挡鼠板、灭蝇灯等防鼠防虫设施，灭蝇灯不悬挂在食品加工操作区正上方",
        "Rodent boards, fly killers and the like are in place; no fly killer hangs directly over food preparation",
    ),
    (
        "CGST-30",
        "facilities",
        "general",
        "processing_room",
        "工具、容器材质无毒、易清洗，按生熟、用途以颜色或文字区分，定位存放",
        "Tools and containers are non-toxic and easily cleaned, told apart by colour or wording for raw, cooked and "
        "use, and kept in fixed places",
    ),
    (
        "CGST-31",
        "facilities",
        "general",
        "dining_area",
        "就餐区通风、照明良好，设有供顾客使用的洗手设施",
        "The dining area is well ventilated and lit, with a hand-washing facility for guests",
    ),
    (
        "CGST-32",
        "facilities",
        "major",
        "toilet_waste",
        "设带盖的餐厨废弃物存放容器，有明显标识，与食品容器有明显区分",
        "Lidded, labelled food-waste bins, clearly different from food containers",
    ),
    (
        "CGST-33",
        "facilities",
        "major",
        "toilet_waste",
        "设隔油设施（油水分离器）和餐厨废弃物暂存点，暂存点远离食品处理区",
        "A grease trap (oil-water separator) and a holding point for food waste, away from food handling",
    ),
    (
        "CGST-34",
        "facilities",
        "major",
        "toilet_waste",
        "卫生间不设在食品处理区内，出入口不直对食品处理区",
        "The toilet is not inside the food-handling area and its door does not open straight onto it",
    ),
    (
        "CGST-35",
        "facilities",
        "general",
        "toilet_waste",
        "卫生间设洗手设施和排风装置，保持清洁、无异味",
        "The toilet has a hand-washing basin and an exhaust fan, and is clean and odour-free",
    ),
    # 贮存 Storage
    (
        "CGST-36",
        "storage",
        "key",
        "storage",
        "设有专用的食品库房或贮存设施，不存放有毒有害物品和个人生活用品",
        "A dedicated food store room or storage holds no toxic or harmful articles and no personal belongings",
    ),
    (
        "CGST-37",
        "storage",
        "major",
        "storage",
        "食品贮存货架、垫板离地面 10 厘米以上、离墙面 10 厘米以上",
        "Storage shelves and pallets are at least 10 cm off the floor and 10 cm from the wall",
    ),
    (
        "CGST-38",
        "storage",
        "major",
        "storage",
        "食品与非食品分区存放，食品原料按类别分架存放并有标识",
        "Food and non-food are stored apart; raw materials are shelved by kind and labelled",
    ),
    (
        "CGST-39",
        "storage",
        "key",
        "storage",
        "杀虫剂、杀鼠剂、清洁剂、消毒剂等设专柜存放并上锁，有明显警示标识，远离食品处理区",
        "Pesticides, rodenticides, cleaners and disinfectants are kept in a locked, dedicated cupboard with a "
        "warning sign, away from food handling",
    ),
    (
        "CGST-40",
        "storage",
        "major",
        "storage",
        "食品添加剂专柜（专位）存放，标注“食品添加剂”字样，配备专用称量工具",
        'Food additives are kept in their own cupboard or place, marked "food additives" (食品添加剂), with their '
        "own weighing tools",
    ),
    (
        "CGST-41",
        "storage",
        "key",
        "cold_storage",
        "冷藏、冷冻设施内原料、半成品、成品分开存放，不存放药品等非食品",
        "Inside fridges and freezers raw materials, semi-finished and finished food are kept apart, and there is no "
        "non-food such as medicine",
    ),
    # 人员与制度 Personnel and management
    (
        "CGST-42",
        "personnel_management",
        "major",
        "records",
        "配备经培训考核合格的食品安全管理人员，与申请信息一致",
        "A food-safety manager, trained and assessed as competent, is in post and matches the application",
    ),
    (
        "CGST-43",
        "personnel_management",
        "key",
        "records",
        "从事接触直接入口食品工作的从业人员持有效健康证明",
        "Everyone who handles ready-to-eat food holds a valid health certificate",
    ),
    (
        "CGST-44",
        "personnel_management",
        "major",
        "records",
        "建立并上墙公示食品安全管理制度（从业人员健康管理、进货查验记录、食品安全自查、餐用具清洗消毒、"
        "食品添加剂使用管理、食品安全事故处置等）",
        "The food-safety rules are in place and posted (staff health, purchase inspection records, self-inspection, "
        "tableware cleaning and disinfection, use of food additives, handling incidents and the like)",
    ),
    (
        "CGST-45",
        "personnel_management",
        "major",
        "records",
        "建立进货查验记录台账，能出示供货者资质和票据的留存方式",
        "A purchase inspection register is kept and shows how suppliers' credentials and receipts are retained",
    ),
    (
        "CGST-46",
        "personnel_management",
        "general",
        "staff_area",
        "设更衣场所，与食品处理区相通或设在入口处，配有更衣柜",
        "A changing room, next to or at the entrance of the food-handling area, with lockers",
    ),
    (
        "CGST-47",
        "personnel_management",
        "general",
        "staff_area",
        "从业人员穿戴清洁的工作衣帽，不佩戴饰物",
        "Staff wear clean work clothes and hats and no jewellery",
    ),
    (
        "CGST-48",
        "personnel_management",
        "general",
        "records",
        "在醒目位置设公示栏，预留许可证悬挂位置，公示投诉举报电话",
        "A notice board in plain view, with a place to hang the licence and the complaints telephone number",
    ),
)

# ---------------------------------------------------------------------------------------------------------
# 中央厨房、集体用餐配送单位 central kitchen and group-meal delivery: 60 items, 23 key / 26 major / 11 general.
CENTRAL_KITCHEN_ITEMS: Final[tuple[ItemRow, ...]] = (
    # 场所与环境 Premises
    (
        "ZYCF-01",
        "premises",
        "key",
        "exterior",
        "实际经营地址（门牌号、楼层、房号）与申请地址一致，视频拍摄定位与申请地址相符",
        "The actual address (street number, floor, room) matches the declared address, and so does the video's "
        "recorded location",
    ),
    (
        "ZYCF-02",
        "premises",
        "key",
        "exterior",
        "距离粪坑、污水池、暴露垃圾场（站）、旱厕等污染源 25 米以上，周边无粉尘、有害气体等扩散性污染源",
        "At least 25 m from cesspits, sewage pools, open refuse dumps or stations and dry latrines, with no "
        "spreading pollution (dust, harmful gas) nearby",
    ),
    (
        "ZYCF-03",
        "premises",
        "key",
        "processing_room",
        "食品处理区独立设置在室内，与生活区、办公区分隔，区内无住宿",
        "Food is handled indoors in its own premises, partitioned from living and office space; nobody sleeps there",
    ),
    (
        "ZYCF-04",
        "premises",
        "key",
        "processing_room",
        "经营场所内不圈养、不宰杀活的禽畜类动物",
        "No live poultry or livestock are kept or slaughtered on the premises",
    ),
    (
        "ZYCF-05",
        "premises",
        "major",
        "exterior",
        "场所周围地面硬化、排水良好，无积水、无杂草、无垃圾堆放",
        "The ground around the premises is paved and drains well, with no standing water, weeds or heaped refuse",
    ),
    (
        "ZYCF-06",
        "premises",
        "general",
        "exterior",
        "门头标识的单位名称与营业执照一致",
        "The name on the entrance matches the business licence",
    ),
    # 布局与流程 Layout
    (
        "ZYCF-07",
        "layout",
        "key",
        "processing_room",
        "按原料进入、原料处理、半成品加工、冷却分装、成品配送的单向流程布局，不交叉、不逆流",
        "One-way flow: raw materials in → preparation → cooking → cooling and portioning → dispatch, with no "
        "crossing or backflow",
    ),
    (
        "ZYCF-08",
        "layout",
        "key",
        "processing_room",
        "生、熟食品的加工区域分开；刀具、砧板、容器生熟分开使用并有明显标识",
        "Raw and cooked food are handled in separate zones; knives, chopping boards and containers for raw and "
        "cooked food are kept apart and clearly marked",
    ),
    (
        "ZYCF-09",
        "layout",
        "key",
        "processing_room",
        "食品处理区面积与最大供餐（配送）量相适应",
        "The food-handling area is in proportion to the largest number of meals produced or delivered",
    ),
    (
        "ZYCF-10",
        "layout",
        "major",
        "processing_room",
        "粗加工、切配、烹饪、面点等区域分间（或分区）设置，各区有明显标识",
        "Rough preparation, cutting, cooking and pastry have their own rooms (or zones), each clearly marked",
    ),
    (
        "ZYCF-11",
        "layout",
        "major",
        "processing_room",
        "人员通道与物料通道分开，原料入口与成品出口分开设置",
        "People and materials use separate routes; raw materials come in and finished food goes out through "
        "different doors",
    ),
    (
        "ZYCF-12",
        "layout",
        "major",
        "cleaning_disinfection",
        "工用具、餐用具和配送容器的清洗消毒区独立设置，与食品加工区分开",
        "Tools, tableware and delivery containers are washed and disinfected in their own zone, apart from food "
        "preparation",
    ),
    (
        "ZYCF-13",
        "layout",
        "general",
        "processing_room",
        "食品处理区内无杂物、个人生活用品和与加工无关的物品",
        "The food-handling area holds no clutter, personal belongings or articles unrelated to production",
    ),
    # 建筑结构 Structure
    (
        "ZYCF-14",
        "structure",
        "major",
        "processing_room",
        "地面用无毒、无异味、不透水、耐腐蚀、防滑的材料铺设，平整、无破损、无积水",
        "The floor is of non-toxic, odourless, impervious, corrosion-resistant, non-slip material; even, intact, "
        "no standing water",
    ),
    (
        "ZYCF-15",
        "structure",
        "major",
        "processing_room",
        "加工操作间墙壁设 1.5 米以上浅色、不吸水、易清洗的墙裙，无霉斑、无涂层脱落",
        "Production-room walls have a light-coloured, non-absorbent, washable dado at least 1.5 m high, with no mould "
        "or flaking",
    ),
    (
        "ZYCF-16",
        "structure",
        "general",
        "processing_room",
        "天花板用浅色、不吸水、易清洁的材料，管道不暴露在食品上方，无霉斑、无冷凝水滴落",
        "The ceiling is light-coloured, non-absorbent and easily cleaned, with no exposed pipes over food, no mould "
        "and no dripping condensation",
    ),
    (
        "ZYCF-17",
        "structure",
        "major",
        "processing_room",
        "门窗闭合严密；与外界直接相通的门窗设纱窗、门帘或风幕机等防蝇防虫设施",
        "Doors and windows close tightly; those opening to the outside have fly screens, strip curtains or an air "
        "curtain",
    ),
    (
        "ZYCF-18",
        "structure",
        "major",
        "processing_room",
        "排水沟有坡度、保持通畅，排水口设金属隔栅或网罩，防止鼠类侵入",
        "Drains slope and run freely; outlets have metal grilles or mesh against rodents",
    ),
    # 专间 Clean rooms
    (
        "ZYCF-19",
        "special_rooms",
        "key",
        "special_room",
        "设有与规模相适应的食品冷却、分装专间，为独立隔间，墙裙铺设到顶，门能自动关闭，食品传递窗口为可开闭式",
        "Cooling and portioning take place in clean rooms sized to the output: closed rooms tiled to the ceiling, "
        "with self-closing doors and hatches that can be shut",
    ),
    (
        "ZYCF-20",
        "special_rooms",
        "key",
        "special_room",
        "专间入口设通过式预进间，内设洗手消毒设施和二次更衣设施",
        "Each clean room is entered through an ante-room with hand washing, hand disinfection and a second change "
        "of clothes",
    ),
    (
        "ZYCF-21",
        "special_rooms",
        "key",
        "special_room",
        "专间设独立空调，室温可控制在 25℃ 以下，设有温度计",
        "Each clean room has its own air conditioner keeping it at 25 °C or below, and a thermometer",
    ),
    (
        "ZYCF-22",
        "special_rooms",
        "major",
        "special_room",
        "专间内设紫外线灯等空气消毒设施，紫外线灯距地面 2 米以内",
        "Each clean room has UV lamps or other air disinfection; UV lamps hang within 2 m of the floor",
    ),
    (
        "ZYCF-23",
        "special_rooms",
        "major",
        "special_room",
        "专间内设专用冷藏设施和专用工具、容器清洗消毒设施",
        "Each clean room has its own fridge and its own washing and disinfection for tools and containers",
    ),
    (
        "ZYCF-24",
        "special_rooms",
        "key",
        "special_room",
        "配备与供餐量相适应的快速冷却设备（如真空冷却机、冷却柜），需冷藏的熟食能迅速冷却",
        "Rapid-cooling equipment (vacuum cooler, blast chiller) sized to the output cools cooked food that is to be "
        "kept chilled quickly",
    ),
    # 设施设备 Facilities
    (
        "ZYCF-25",
        "facilities",
        "key",
        "processing_room",
        "使用符合生活饮用水卫生标准的自来水（或经检验合格的水源），供水设施完好",
        "Water is mains water (or a tested source) meeting the drinking-water standard; the supply is in good order",
    ),
    (
        "ZYCF-26",
        "facilities",
        "major",
        "processing_room",
        "动物性食品、植物性食品、水产品原料清洗水池分开设置并有明显标识，拖布池单独设置",
        "Separate, clearly labelled sinks for meat, vegetables and aquatic products; a separate mop sink",
    ),
    (
        "ZYCF-27",
        "facilities",
        "major",
        "processing_room",
        "食品处理区各入口和操作区设足够的洗手消毒设施，水龙头为非手触动式",
        "Enough hand-washing and disinfection points at each entrance and work zone, with taps that are not "
        "hand-operated",
    ),
    (
        "ZYCF-28",
        "facilities",
        "key",
        "cleaning_disinfection",
        "设有与规模相适应的工用具、餐用具清洗消毒设施，优先采用蒸汽等物理方法消毒",
        "Washing and disinfection for tools and tableware are sized to the output, preferably by steam or other "
        "physical means",
    ),
    (
        "ZYCF-29",
        "facilities",
        "key",
        "cleaning_disinfection",
        "设有配送容器专用清洗消毒设施和已消毒容器专用保洁场所",
        "Delivery containers have their own washing and disinfection equipment and a dedicated clean place to be "
        "kept after disinfection",
    ),
    (
        "ZYCF-30",
        "facilities",
        "key",
        "cold_storage",
        "配备与供餐量相适应的冷库或冷藏、冷冻设施，运转正常",
        "Cold rooms or fridges and freezers are sized to the output and running",
    ),
    (
        "ZYCF-31",
        "facilities",
        "major",
        "cold_storage",
        "冷库、冷藏冷冻设施设有温度显示和记录装置，温度符合要求",
        "Cold rooms, fridges and freezers show and record their temperature, which is within limits",
    ),
    (
        "ZYCF-32",
        "facilities",
        "major",
        "processing_room",
        "烹饪区设机械排风和排油烟设施，排气口设网罩等防鼠、防虫设施",
        "Cooking areas have mechanical ventilation and fume extraction; outlets have mesh against rodents and insects",
    ),
    (
        "ZYCF-33",
        "facilities",
        "general",
        "processing_room",
        "照明充足，光源不改变食品的感官颜色；食品暴露区域上方的灯具有防护罩",
        "Lighting is bright and does not change how food looks; lamps over exposed food have shatter guards",
    ),
    (
        "ZYCF-34",
        "facilities",
        "major",
        "processing_room",
        "设挡鼠板、灭蝇灯等防鼠防虫设施，灭蝇灯不悬挂在食品加工操作区正上方",
        "Rodent boards, fly killers and the like are in place; no fly killer hangs directly over food preparation",
    ),
    (
        "ZYCF-35",
        "facilities",
        "major",
        "processing_room",
        "烹饪、冷却、分装等关键环节设视频监控设施，画面覆盖操作区域",
        "Cameras watch the critical steps (cooking, cooling, portioning) and cover the work areas",
    ),
    (
        "ZYCF-36",
        "facilities",
        "general",
        "processing_room",
        "工具、容器材质无毒、易清洗，按生熟、用途以颜色或文字区分，定位存放",
        "Tools and containers are non-toxic and easily cleaned, told apart by colour or wording for raw, cooked and "
        "use, and kept in fixed places",
    ),
    (
        "ZYCF-37",
        "facilities",
        "major",
        "toilet_waste",
        "设带盖的餐厨废弃物存放容器，有明显标识，与食品容器有明显区分",
        "Lidded, labelled food-waste bins, clearly different from food containers",
    ),
    (
        "ZYCF-38",
        "facilities",
        "major",
        "toilet_waste",
        "设隔油设施（油水分离器）和餐厨废弃物暂存场所，暂存场所远离食品处理区",
        "A grease trap (oil-water separator) and a holding place for food waste, away from food handling",
    ),
    (
        "ZYCF-39",
        "facilities",
        "key",
        "toilet_waste",
        "卫生间不设在食品处理区内，出入口不直对食品处理区",
        "No toilet is inside the food-handling area and no toilet door opens straight onto it",
    ),
    (
        "ZYCF-40",
        "facilities",
        "general",
        "toilet_waste",
        "卫生间设洗手设施和排风装置，保持清洁、无异味",
        "Toilets have hand-washing basins and exhaust fans and are clean and odour-free",
    ),
    # 贮存 Storage
    (
        "ZYCF-41",
        "storage",
        "key",
        "storage",
        "设有专用的食品库房，不存放有毒有害物品和个人生活用品",
        "A dedicated food store room holds no toxic or harmful articles and no personal belongings",
    ),
    (
        "ZYCF-42",
        "storage",
        "major",
        "storage",
        "食品贮存货架、垫板离地面 10 厘米以上、离墙面 10 厘米以上",
        "Storage shelves and pallets are at least 10 cm off the floor and 10 cm from the wall",
    ),
    (
        "ZYCF-43",
        "storage",
        "major",
        "storage",
        "原料、半成品、包装材料分库或分区存放，食品原料按类别分架存放并有标识",
        "Raw materials, semi-finished products and packaging are stored in separate rooms or zones; raw materials are "
        "shelved by kind and labelled",
    ),
    (
        "ZYCF-44",
        "storage",
        "key",
        "storage",
        "杀虫剂、杀鼠剂、清洁剂、消毒剂等设专库或专柜存放并上锁，有明显警示标识，远离食品处理区",
        "Pesticides, rodenticides, cleaners and disinfectants are kept in a locked room or cupboard of their own with "
        "a warning sign, away from food handling",
    ),
    (
        "ZYCF-45",
        "storage",
        "major",
        "storage",
        "食品添加剂专柜存放、专人管理，标注“食品添加剂”字样，配备专用称量工具",
        'Food additives are kept in their own cupboard in one person\'s charge, marked "food additives" (食品添加剂), '
        "with their own weighing tools",
    ),
    (
        "ZYCF-46",
        "storage",
        "key",
        "cold_storage",
        "冷库、冷藏冷冻设施内原料、半成品、成品分开存放，不存放非食品",
        "In cold rooms, fridges and freezers raw materials, semi-finished and finished food are kept apart, and there "
        "is no non-food",
    ),
    (
        "ZYCF-47",
        "storage",
        "general",
        "storage",
        "直接接触食品的包装材料、一次性餐盒存放在清洁、干燥的专用场所",
        "Food-contact packaging and disposable meal boxes are kept in a clean, dry place of their own",
    ),
    # 检验与留样 Testing and samples
    (
        "ZYCF-48",
        "testing",
        "key",
        "laboratory",
        "设有与供餐品种、数量相适应的检验室，配备必要的检验设备（如农药残留、微生物快速检测设备）",
        "A laboratory suited to the menu and output, with the testing equipment needed (e.g. rapid tests for "
        "pesticide residues and microbes)",
    ),
    (
        "ZYCF-49",
        "testing",
        "key",
        "cold_storage",
        "设有专用留样冷藏设施，标识明显，能按规定留存每餐每个品种的样品",
        "A dedicated, clearly labelled sample fridge in which a sample of each dish of each meal can be kept as "
        "required",
    ),
    # 运输配送 Transport and delivery
    (
        "ZYCF-50",
        "transport",
        "key",
        "transport",
        "配备与配送量相适应的专用封闭式配送车辆，车厢内部易清洁，需冷藏或热藏的配有相应保温或冷藏设施",
        "Closed delivery vehicles of its own, enough for the deliveries, easily cleaned inside, with insulation or "
        "refrigeration where food must be kept hot or cold",
    ),
    (
        "ZYCF-51",
        "transport",
        "major",
        "transport",
        "配送车辆标明单位名称和“食品配送”字样，专车专用，不运输非食品",
        'Delivery vehicles show the company name and "food delivery" (食品配送), and carry nothing but food',
    ),
    (
        "ZYCF-52",
        "transport",
        "major",
        "transport",
        "配送容器有盖、密闭、易清洗消毒，配送食品有封签和标签（加工单位、加工时间、保存条件、食用时限）",
        "Delivery containers are lidded, closed and easily cleaned; food goes out sealed and labelled (producer, "
        "time made, storage conditions, eat-by time)",
    ),
    (
        "ZYCF-53",
        "transport",
        "general",
        "transport",
        "设有配送车辆清洗消毒场所或设施",
        "There is a place or equipment to clean and disinfect the delivery vehicles",
    ),
    # 人员与制度 Personnel and management
    (
        "ZYCF-54",
        "personnel_management",
        "major",
        "records",
        "设食品安全管理机构，配备专职食品安全管理人员，经培训考核合格",
        "A food-safety unit with full-time food-safety managers, trained and assessed as competent",
    ),
    (
        "ZYCF-55",
        "personnel_management",
        "key",
        "records",
        "从事接触直接入口食品工作的从业人员持有效健康证明",
        "Everyone who handles ready-to-eat food holds a valid health certificate",
    ),
    (
        "ZYCF-56",
        "personnel_management",
        "major",
        "records",
        "建立并上墙公示食品安全管理制度（含从业人员健康管理、进货查验、留样、检验、配送、追溯和食品安全事故处置）",
        "The food-safety rules are in place and posted (staff health, purchase inspection, samples, testing, "
        "delivery, traceability and handling incidents)",
    ),
    (
        "ZYCF-57",
        "personnel_management",
        "major",
        "records",
        "建立进货查验记录台账，能出示供货者资质和票据的留存方式",
        "A purchase inspection register is kept and shows how suppliers' credentials and receipts are retained",
    ),
    (
        "ZYCF-58",
        "personnel_management",
        "general",
        "staff_area",
        "设更衣场所，与食品处理区相通或设在入口处，配有更衣柜",
        "A changing room, next to or at the entrance of the food-handling area, with lockers",
    ),
    (
        "ZYCF-59",
        "personnel_management",
        "general",
        "staff_area",
        "从业人员穿戴清洁的工作衣帽，专间操作人员佩戴口罩，不佩戴饰物",
        "Staff wear clean work clothes and hats and no jewellery; staff in clean rooms wear masks",
    ),
    (
        "ZYCF-60",
        "personnel_management",
        "general",
        "records",
        "建立食品安全追溯记录，能出示配送记录样表（配送时间、品种、数量、送达单位）",
        "Traceability records are kept; a sample delivery record (time, dishes, quantity, recipient) can be shown",
    ),
)

# ---------------------------------------------------------------------------------------------------------
# 预包装食品销售 retail of pre-packaged food: 15 items, 5 key / 6 major / 4 general (docs/domain.md leaves the
# split configurable: change the levels here).
PREPACKAGED_RETAIL_ITEMS: Final[tuple[ItemRow, ...]] = (
    # 场所与环境 Premises
    (
        "YBZ-01",
        "premises",
        "key",
        "exterior",
        "实际经营地址（门牌号、楼层、房号）与申请地址一致，视频拍摄定位与申请地址相符",
        "The actual address (street number, floor, room) matches the declared address, and so does the video's "
        "recorded location",
    ),
    (
        "YBZ-02",
        "premises",
        "key",
        "exterior",
        "经营场所远离粪坑、污水池、暴露垃圾场（站）、旱厕等污染源 25 米以上，周边无有毒有害场所",
        "The premises are at least 25 m from cesspits, sewage pools, open refuse dumps or stations and dry latrines, "
        "with no toxic or hazardous site nearby",
    ),
    (
        "YBZ-03",
        "premises",
        "key",
        "sales_area",
        "经营场所为固定场所，食品经营区与生活区分隔，区内无住宿",
        "The business has fixed premises; the food area is partitioned from living quarters and nobody sleeps there",
    ),
    (
        "YBZ-04",
        "premises",
        "general",
        "exterior",
        "门头店招名称与营业执照一致",
        "The shop sign matches the name on the business licence",
    ),
    # 布局 Layout
    (
        "YBZ-05",
        "layout",
        "key",
        "sales_area",
        "食品与非食品分区陈列并有明显标识，洗涤剂、杀虫剂等化学品不与食品同架陈列",
        "Food and non-food are displayed in separate, signed sections; detergents, insecticides and other chemicals "
        "never share a shelf with food",
    ),
    # 贮存 Storage
    (
        "YBZ-06",
        "storage",
        "key",
        "cold_storage",
        "食品按标签标示的贮存条件存放，需冷藏、冷冻的食品放在运转正常的冷藏、冷冻设施内",
        "Food is kept as its label says; chilled and frozen food is in refrigeration that is running",
    ),
    (
        "YBZ-07",
        "storage",
        "major",
        "storage",
        "有与经营规模相适应的食品贮存场所或仓库，不存放有毒有害物品和个人生活用品",
        "A food store or warehouse suited to the business holds no toxic or harmful articles and no personal "
        "belongings",
    ),
    (
        "YBZ-08",
        "storage",
        "major",
        "storage",
        "食品贮存货架、垫板离地面 10 厘米以上、离墙面 10 厘米以上",
        "Storage shelves and pallets are at least 10 cm off the floor and 10 cm from the wall",
    ),
    (
        "YBZ-09",
        "storage",
        "major",
        "cold_storage",
        "冷藏、冷冻设施有可正常显示的温度计，冷藏 0～8℃、冷冻 -18℃ 以下（或符合标签标示）",
        "Fridges and freezers have working thermometers: chilled 0–8 °C, frozen −18 °C or below (or as labelled)",
    ),
    # 设施设备 Facilities
    (
        "YBZ-10",
        "facilities",
        "major",
        "sales_area",
        "陈列货架、柜台清洁完好，数量与经营品种、数量相适应",
        "Display shelves and counters are clean, intact and enough for the goods sold",
    ),
    (
        "YBZ-11",
        "facilities",
        "major",
        "sales_area",
        "设门帘、挡鼠板、灭蝇灯等防尘、防蝇、防鼠设施",
        "Strip curtains, rodent boards, fly killers or similar keep out dust, flies and rodents",
    ),
    (
        "YBZ-12",
        "facilities",
        "general",
        "sales_area",
        "销售区照明充足，阳光不直射陈列的食品",
        "The sales floor is well lit and no displayed food stands in direct sunlight",
    ),
    # 人员与制度 Personnel and management
    (
        "YBZ-13",
        "personnel_management",
        "major",
        "records",
        "配备食品安全管理人员，建立食品安全管理制度和进货查验记录台账",
        "A food-safety manager is in post; the food-safety rules and a purchase inspection register are in place",
    ),
    (
        "YBZ-14",
        "personnel_management",
        "general",
        "sales_area",
        "临近保质期的食品集中陈列并作出醒目提示",
        "Food near its use-by date is displayed together with a clear notice",
    ),
    (
        "YBZ-15",
        "personnel_management",
        "general",
        "records",
        "在醒目位置设公示栏，预留许可证悬挂位置，公示投诉举报电话",
        "A notice board in plain view, with a place to hang the licence and the complaints telephone number",
    ),
)

# ---------------------------------------------------------------------------------------------------------
# The tables, with the videos the applicant records for each (at least 2; docs/domain.md
# "Food business licence", case 4).
TABLES: Final[dict[str, TableSpec]] = {
    "small_catering": {
        "code_prefix": "XCY",
        "name_zh": "小餐饮现场核查表",
        "name_en": "On-site checklist: small catering",
        "items": SMALL_CATERING_ITEMS,
        "videos": (
            (
                "视频一：门头、周边环境与就餐区",
                "Video 1: shop front, surroundings and dining area",
                (_EXTERIOR, _DINING_AREA),
            ),
            (
                "视频二：食品处理区、设施设备与制度",
                "Video 2: food handling, equipment and records",
                (
                    _PROCESSING_ROOM,
                    _CLEANING_DISINFECTION,
                    _STORAGE,
                    _COLD_STORAGE,
                    _STAFF_AREA,
                    _TOILET_WASTE,
                    _RECORDS,
                ),
            ),
        ),
    },
    "restaurant_canteen": {
        "code_prefix": "CGST",
        "name_zh": "餐馆、单位食堂现场核查表",
        "name_en": "On-site checklist: restaurant and staff canteen",
        "items": RESTAURANT_CANTEEN_ITEMS,
        "videos": (
            (
                "视频一：门头、周边环境与就餐区",
                "Video 1: entrance, surroundings and dining area",
                (_EXTERIOR, _DINING_AREA),
            ),
            (
                "视频二：加工操作间与清洗消毒",
                "Video 2: kitchen, washing and disinfection",
                (_PROCESSING_ROOM, _CLEANING_DISINFECTION),
            ),
            (
                "视频三：贮存、更衣、卫生间与制度",
                "Video 3: storage, changing room, toilets and records",
                (_STORAGE, _COLD_STORAGE, _STAFF_AREA, _TOILET_WASTE, _RECORDS),
            ),
        ),
    },
    "central_kitchen": {
        "code_prefix": "ZYCF",
        "name_zh": "中央厨房、集体用餐配送单位现场核查表",
        "name_en": "On-site checklist: central kitchen and group-meal delivery",
        "items": CENTRAL_KITCHEN_ITEMS,
        "videos": (
            ("视频一：厂区外部与周边环境", "Video 1: outside and surroundings", (_EXTERIOR,)),
            (
                "视频二：加工操作间与清洗消毒",
                "Video 2: production rooms, washing and disinfection",
                (_PROCESSING_ROOM, _CLEANING_DISINFECTION, _TOILET_WASTE),
            ),
            ("视频三：专间与检验室", "Video 3: clean rooms and laboratory", (_SPECIAL_ROOM, _LABORATORY)),
            (
                "视频四：贮存、配送、更衣与制度",
                "Video 4: storage, delivery, changing rooms and records",
                (_STORAGE, _COLD_STORAGE, _TRANSPORT, _STAFF_AREA, _RECORDS),
            ),
        ),
    },
    "prepackaged_retail": {
        "code_prefix": "YBZ",
        "name_zh": "预包装食品销售现场核查表",
        "name_en": "On-site checklist: retail of pre-packaged food",
        "items": PREPACKAGED_RETAIL_ITEMS,
        "videos": (
            (
                "视频一：门头、周边环境与销售区",
                "Video 1: shop front, surroundings and sales floor",
                (_EXTERIOR, _SALES_AREA),
            ),
            (
                "视频二：仓库、冷藏冷冻设施与制度",
                "Video 2: store room, refrigeration and records",
                (_STORAGE, _COLD_STORAGE, _RECORDS),
            ),
        ),
    },
}
