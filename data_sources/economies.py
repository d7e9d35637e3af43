"""Display names for the IMF's economy codes (ISO 3166 alpha-3, plus the IMF's G-codes)."""

from __future__ import annotations

NAMES: dict[str, str] = {
    "G001": "World", "G163": "Euro area",
    "ABW": "Aruba", "AFG": "Afghanistan", "ALB": "Albania", "ARE": "United Arab Emirates",
    "ARG": "Argentina", "ARM": "Armenia", "AUS": "Australia", "AUT": "Austria", "AZE": "Azerbaijan",
    "BDI": "Burundi", "BEL": "Belgium", "BEN": "Benin", "BFA": "Burkina Faso", "BGD": "Bangladesh",
    "BGR": "Bulgaria", "BHR": "Bahrain", "BHS": "Bahamas", "BIH": "Bosnia and Herzegovina",
    "BLR": "Belarus", "BLZ": "Belize", "BOL": "Bolivia", "BRA": "Brazil", "BRB": "Barbados",
    "BRN": "Brunei", "CAF": "Central African Republic", "CAN": "Canada", "CHE": "Switzerland",
    "CHL": "Chile", "CHN": "China", "CIV": "Côte d'Ivoire", "CMR": "Cameroon",
    "COD": "Congo, Dem. Rep.", "COG": "Congo, Rep.", "COL": "Colombia", "COM": "Comoros",
    "CPV": "Cabo Verde", "CRI": "Costa Rica", "CUB": "Cuba", "CYM": "Cayman Islands",
    "CYP": "Cyprus", "CZE": "Czechia", "DEU": "Germany", "DNK": "Denmark",
    "DOM": "Dominican Republic", "DZA": "Algeria", "ECU": "Ecuador", "EGY": "Egypt",
    "ERI": "Eritrea", "ESP": "Spain", "EST": "Estonia", "ETH": "Ethiopia", "FIN": "Finland",
    "FJI": "Fiji", "FRA": "France", "FSM": "Micronesia", "GAB": "Gabon", "GBR": "United Kingdom",
    "GEO": "Georgia", "GHA": "Ghana", "GIN": "Guinea", "GNB": "Guinea-Bissau",
    "GNQ": "Equatorial Guinea", "GRC": "Greece", "GTM": "Guatemala", "HKG": "Hong Kong SAR",
    "HND": "Honduras", "HRV": "Croatia", "HTI": "Haiti", "HUN": "Hungary", "IDN": "Indonesia",
    "IND": "India", "IRL": "Ireland", "IRN": "Iran", "IRQ": "Iraq", "ISL": "Iceland",
    "ISR": "Israel", "ITA": "Italy", "JAM": "Jamaica", "JOR": "Jordan", "JPN": "Japan",
    "KAZ": "Kazakhstan", "KEN": "Kenya", "KGZ": "Kyrgyz Republic", "KHM": "Cambodia",
    "KOR": "Korea", "KWT": "Kuwait", "LAO": "Lao P.D.R.", "LBN": "Lebanon", "LBY": "Libya",
    "LKA": "Sri Lanka", "LTU": "Lithuania", "LUX": "Luxembourg", "LVA": "Latvia",
    "MAC": "Macao SAR", "MAR": "Morocco", "MDA": "Moldova", "MDV": "Maldives", "MEX": "Mexico",
    "MKD": "North Macedonia", "MLI": "Mali", "MLT": "Malta", "MMR": "Myanmar",
    "MNE": "Montenegro", "MNG": "Mongolia", "MOZ": "Mozambique", "MRT": "Mauritania",
    "MUS": "Mauritius", "MWI": "Malawi", "MYS": "Malaysia", "NAM": "Namibia", "NER": "Niger",
    "NGA": "Nigeria", "NIC": "Nicaragua", "NLD": "Netherlands", "NOR": "Norway", "NPL": "Nepal",
    "NZL": "New Zealand", "OMN": "Oman", "PAK": "Pakistan", "PER": "Peru", "PHL": "Philippines",
    "PNG": "Papua New Guinea", "POL": "Poland", "PRT": "Portugal", "PRY": "Paraguay",
    "PSE": "West Bank and Gaza", "QAT": "Qatar", "ROU": "Romania", "RUS": "Russia",
    "RWA": "Rwanda", "SAU": "Saudi Arabia", "SEN": "Senegal", "SGP": "Singapore",
    "SLB": "Solomon Islands", "SLV": "El Salvador", "SMR": "San Marino", "SOM": "Somalia",
    "SRB": "Serbia", "SSD": "South Sudan", "SUR": "Suriname", "SVK": "Slovak Republic",
    "SVN": "Slovenia", "SWE": "Sweden", "SYR": "Syria", "TCD": "Chad", "TGO": "Togo",
    "THA": "Thailand", "TJK": "Tajikistan", "TKM": "Turkmenistan", "TLS": "Timor-Leste",
    "TTO": "Trinidad and Tobago", "TUN": "Tunisia", "TUR": "Türkiye", "TWN": "Taiwan",
    "TZA": "Tanzania", "UKR": "Ukraine", "URY": "Uruguay", "USA": "United States",
    "UZB": "Uzbekistan", "VEN": "Venezuela", "VNM": "Vietnam", "XKX": "Kosovo", "YEM": "Yemen",
    "ZAF": "South Africa", "ZMB": "Zambia", "ZWE": "Zimbabwe",
}
#: Codes that are sums of economies rather than one economy.
AGGREGATES = frozenset({"G001", "G163"})


def economy_name(code: str) -> str:
    return NAMES.get(code, code)


#: Treasury's TIC holder names → ISO 3166 alpha-3, for maps. TIC names follow Treasury's own style
#: ("China, Mainland", "Korea, South"); custody centres (Belgium, Luxembourg, the Cayman Islands)
#: are economies like any other here — the page explains what custody means.
TIC_ISO3: dict[str, str] = {
    "Argentina": "ARG", "Australia": "AUS", "Austria": "AUT", "Bahamas": "BHS", "Barbados": "BRB",
    "Belgium": "BEL", "Bermuda": "BMU", "Brazil": "BRA", "British Virgin Islands": "VGB", "Canada": "CAN",
    "Cayman Islands": "CYM", "Chile": "CHL", "China, Mainland": "CHN", "Colombia": "COL", "Costa Rica": "CRI",
    "Cyprus": "CYP", "Denmark": "DNK", "Ecuador": "ECU", "Egypt": "EGY", "El Salvador": "SLV", "Finland": "FIN",
    "France": "FRA", "Germany": "DEU", "Guatemala": "GTM", "Hong Kong": "HKG", "India": "IND", "Indonesia": "IDN",
    "Iraq": "IRQ", "Ireland": "IRL", "Israel": "ISR", "Italy": "ITA", "Jamaica": "JAM", "Japan": "JPN",
    "Kazakhstan": "KAZ", "Korea, South": "KOR", "Kuwait": "KWT", "Liberia": "LBR", "Luxembourg": "LUX",
    "Malaysia": "MYS", "Mexico": "MEX", "Morocco": "MAR", "Netherlands": "NLD", "New Zealand": "NZL",
    "Norway": "NOR", "Oman": "OMN", "Panama": "PAN", "Peru": "PER", "Philippines": "PHL", "Poland": "POL",
    "Portugal": "PRT", "Russia": "RUS", "Saudi Arabia": "SAU", "Singapore": "SGP", "South Africa": "ZAF",
    "Spain": "ESP", "Sweden": "SWE", "Switzerland": "CHE", "Taiwan": "TWN", "Thailand": "THA",
    "Trinidad and Tobago": "TTO", "Turkey": "TUR", "United Arab Emirates": "ARE", "United Kingdom": "GBR",
    "Uruguay": "URY", "Venezuela": "VEN", "Vietnam": "VNM",
}
#: TIC rows that are not one economy: totals, regions, groups, memo items — listed beside a map,
#: never painted on it. "Belgium-Luxembourg" is two economies reported together until 2002.
TIC_GROUPS = frozenset({
    "All Countries", "All Other", "Belgium-Luxembourg", "Carib Bnkng Ctrs", "Foreign Official", "Grand Total",
    "International", "Memo: Euro Area", "Memo: European Union", "Of Which: Foreign Non-Official", "Oil Exporters",
    "T-Bonds & Notes", "Total Africa", "Total Asia", "Total Caribbean", "Total Europe", "Total IROs",
    "Total Latin America", "Total Other", "Total Regional Orgs.", "Treasury Bills",
})


def tic_iso3(holder: str) -> str | None:
    """A TIC holder's ISO3 code; None for aggregates and groups."""
    return TIC_ISO3.get(holder)


def imf_iso3(code: str) -> str | None:
    """An IMF economy code is its ISO3 code, except the IMF's aggregates (G001, G163, …)."""
    return None if code in AGGREGATES else code


def iso3(dataset: str, series: str) -> str | None:
    """The ISO3 code of one economy's series (the catalogue's `economy` reader of that dataset); None
    for aggregates and groups (and unknown names, which a test keeps from existing)."""
    from .catalogue import get

    economy = get(dataset).economy
    if economy is None:
        raise ValueError(f"no economies in {dataset}")
    return economy(series)
