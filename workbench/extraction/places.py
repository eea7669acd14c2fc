"""Place names: a small gazetteer plus the "in/at <Capitalised>" pattern.

Where something happened is part of what a checker verifies. A full gazetteer would
be a download; this module carries the countries, capitals, major cities and US
states that dominate news copy, and falls back on "in Istanbul"-style phrases for
the rest, excluding months, weekdays and other capitalised words that follow "in".
"""

from __future__ import annotations

import re

from .tokens import overlaps, word_list

_COUNTRIES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|
Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|
Bolivia|Bosnia and Herzegovina|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|
Burundi|Cambodia|Cameroon|Canada|Cape Verde|Central African Republic|Chad|Chile|China|
Colombia|Comoros|Congo|Costa Rica|Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|
Djibouti|Dominican Republic|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|
Eswatini|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|
Guatemala|Guinea|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|
Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|
Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|
Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|
Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nepal|Netherlands|
New Zealand|Nicaragua|Niger|Nigeria|North Korea|North Macedonia|Norway|Oman|Pakistan|
Palestine|Gaza|West Bank|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|
Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|
Singapore|Slovakia|Slovenia|Somalia|South Africa|South Korea|South Sudan|Spain|
Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan|Tajikistan|Tanzania|Thailand|
Togo|Trinidad and Tobago|Tunisia|Turkey|Türkiye|Turkmenistan|Uganda|Ukraine|
United Arab Emirates|UAE|United Kingdom|UK|Britain|Great Britain|England|Scotland|Wales|
Northern Ireland|United States|United States of America|USA|U.S.|America|Uruguay|
Uzbekistan|Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Europe|Asia|Africa|Latin America|
Middle East|Crimea|Donbas|Kashmir|Balochistan|Khyber Pakhtunkhwa|Tibet|Xinjiang|
Hong Kong|Puerto Rico|Greenland
"""
_CITIES = """
Kabul|Islamabad|Karachi|Lahore|Peshawar|Quetta|Kandahar|Herat|Istanbul|Ankara|Doha|
Tehran|Baghdad|Damascus|Beirut|Amman|Jerusalem|Tel Aviv|Cairo|Riyadh|Jeddah|Dubai|
Abu Dhabi|Muscat|Sanaa|Aden|Kuwait City|Manama|New Delhi|Delhi|Mumbai|Kolkata|Chennai|
Bangalore|Bengaluru|Dhaka|Kathmandu|Colombo|Beijing|Shanghai|Hong Kong|Shenzhen|
Guangzhou|Wuhan|Taipei|Tokyo|Osaka|Seoul|Pyongyang|Bangkok|Hanoi|Ho Chi Minh City|
Manila|Jakarta|Kuala Lumpur|Singapore|Sydney|Melbourne|Canberra|Auckland|Wellington|
Moscow|Saint Petersburg|St Petersburg|Kyiv|Kiev|Kharkiv|Odesa|Odessa|Mariupol|Minsk|
Warsaw|Berlin|Munich|Hamburg|Frankfurt|Paris|Marseille|Lyon|London|Manchester|
Birmingham|Edinburgh|Glasgow|Dublin|Belfast|Madrid|Barcelona|Lisbon|Rome|Milan|Naples|
Vienna|Prague|Budapest|Bucharest|Sofia|Athens|Belgrade|Zagreb|Brussels|Amsterdam|
The Hague|Geneva|Zurich|Bern|Copenhagen|Stockholm|Oslo|Helsinki|Reykjavik|Tallinn|
Riga|Vilnius|Washington|New York|New York City|Los Angeles|Chicago|Houston|Miami|
Boston|San Francisco|Seattle|Atlanta|Dallas|Philadelphia|Detroit|Las Vegas|Phoenix|
Denver|Nashville|Baltimore|New Orleans|Ottawa|Toronto|Montreal|Vancouver|Mexico City|
Havana|Caracas|Bogota|Bogotá|Lima|Santiago|Buenos Aires|Sao Paulo|São Paulo|
Rio de Janeiro|Brasilia|Brasília|Lagos|Abuja|Nairobi|Addis Ababa|Khartoum|Johannesburg|
Cape Town|Pretoria|Kinshasa|Accra|Dakar|Tripoli|Tunis|Algiers|Rabat|Casablanca|
Mogadishu|Kampala|Kigali|Harare|Luanda|Tashkent|Dushanbe|Ashgabat|Bishkek|Astana|
Almaty|Baku|Tbilisi|Yerevan|Strasbourg|Davos|Sochi|Rafah|Khan Younis|Ramallah|
Aleppo|Idlib|Mosul|Basra|Erbil|Torkham|Chaman|Waziristan
"""
_US_STATES = """
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|
Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|
Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|
New Hampshire|New Jersey|New Mexico|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|
Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|
Virginia|West Virginia|Wisconsin|Wyoming
"""


def _names(block: str) -> list[str]:
    return [name.strip() for name in block.replace("\n", "").split("|") if name.strip()]


GAZETTEER: frozenset[str] = frozenset(_names(_COUNTRIES) + _names(_CITIES) + _names(_US_STATES))

# Capitalised words that follow "in"/"at" without being places.
NOT_PLACES: frozenset[str] = frozenset(
    word_list(
        """
        January February March April May June July August September October November
        December Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An This
        That These Those It He She They We I You His Her Their Our My Its Congress
        Parliament Senate House Court Supreme English French Arabic Spanish Urdu Pashto
        God Christ Christmas Easter Ramadan Eid Islam Christianity Judaism Hinduism
        Buddhism Internet Twitter Facebook Google YouTube TikTok Instagram Reddit
        Wikipedia Medicare Medicaid Obamacare Social Security Part Chapter Section
        Article Act Bill Order Round Phase General Mr Mrs Ms Dr President Minister Prime
        Secretary Governor Senator Question Fact Reality Addition Contrast Total
        Particular Fact Return Response Turn Short Brief Other Some Many Most All Both
        Each Every Any No None Recent Latest First Second Last Next Third Good Bad Order
        Fact Light Spite Place Case Terms Favour Favor Time Charge Power Office Touch
        Line Private Public Practice Theory Principle Support Opposition
        """
    )
)

_GAZETTEER_PATTERN = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(GAZETTEER, key=len, reverse=True))
    + r")(?:['’]s)?(?![\w-])"
)
_PREPOSITION_PLACE = re.compile(
    r"\b(?:in|at|near|outside|across)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][a-zà-ÿ]+(?:[-\s](?:[A-Z][a-zà-ÿ]+|de|of))*(?:\s[A-Z][a-zà-ÿ]+)?)"
)
# Phrases of this shape mark a capitalised name as an organisation or a person.
_POSSESSIVE_END = re.compile(r"['’]s$")
_NOT_PLACE_AFTER = re.compile(r"^\s*(?:['’]s\s+)?(?:said|says|Inc|Corp|Ltd|University|Party)\b")


def find_places(sentence: str) -> list[str]:
    """Place names mentioned in ``sentence``, without duplicates, in text order."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _GAZETTEER_PATTERN.finditer(sentence):
        name = _POSSESSIVE_END.sub("", match.group())
        taken.append(match.span())
        found.append((match.start(), name))
    for match in _PREPOSITION_PLACE.finditer(sentence):
        start, end = match.span("place")
        if overlaps(start, end, taken):
            continue
        words = match.group("place").split()
        if words[0] in NOT_PLACES or words[-1] in NOT_PLACES:
            continue
        if _NOT_PLACE_AFTER.match(sentence[end:]):
            continue
        taken.append((start, end))
        found.append((start, match.group("place")))
    seen: set[str] = set()
    ordered: list[str] = []
    for _, name in sorted(found):
        if name not in seen:
            seen.add(name)
            ordered.append(name)
    return ordered
