from enum import StrEnum


class GatewayRegion(StrEnum):
    """Next ID: 35

    - US_IOWA_1: GCP us-central1 (Iowa)
     - US_VIRGINIA_1: AWS us-east-1 (N. Virginia)
     - US_VIRGINIA_2: OCI us-ashburn-1 [HIDE_FROM_DOCS]
     - US_ILLINOIS_1: OCI us-chicago-1
     - AP_TOKYO_1: OCI ap-tokyo-1
     - EU_LONDON_1: OCI uk-london-1 [HIDE_FROM_DOCS]
     - US_ARIZONA_1: OCI us-phoenix-1
     - US_TEXAS_1: Lambda us-south-3 (C. Texas)
     - US_ILLINOIS_2: Lambda us-midwest-1 (Illinois)
     - EU_FRANKFURT_1: OCI eu-frankfurt-1
     - US_TEXAS_2: Lambda us-south-2 (N. Texas)
     - EU_PARIS_1: Nebius eu-west1 [HIDE_FROM_DOCS]
     - EU_HELSINKI_1: Nebius eu-north1 [HIDE_FROM_DOCS]
     - US_NEVADA_1: GCP us-west4 [HIDE_FROM_DOCS]
     - EU_ICELAND_1: Crusoe eu-iceland1
     - EU_ICELAND_2: Crusoe eu-iceland1 (network1)
     - US_WASHINGTON_1: Voltage Park us-pyl-1 (Detach audio cluster from control_plane)
     - US_WASHINGTON_2: Voltage Park us-seattle-2
     - EU_ICELAND_DEV_1: Crusoe eu-iceland1 (dev) [HIDE_FROM_DOCS]
     - US_WASHINGTON_3: Vultr Seattle 1
     - US_ARIZONA_2: Azure westus3 (Anysphere BYOC) [HIDE_FROM_DOCS]
     - AP_TOKYO_2: AWS ap-northeast-1
     - US_CALIFORNIA_1: AWS us-west-1 (N. California)
     - US_MISSOURI_1: Nebius us-central1 (Anysphere BYOC) [HIDE_FROM_DOCS]
     - US_UTAH_1: GCP us-west3 (Utah)
     - US_TEXAS_3: Crusoe us-southcentral1 [HIDE_FROM_DOCS]
     - US_ARIZONA_3: Coreweave us-west-04a-1 [HIDE_FROM_DOCS]
     - US_GEORGIA_1: DigitalOcean us-atl1
     - US_GEORGIA_2: Vultr Atlanta 1
     - US_WASHINGTON_4: Coreweave us-west-09b-1
     - US_GEORGIA_3: Alicloud us-southeast-1
     - NA_BRITISHCOLUMBIA_1: Fluidstack ca-west-1
     - US_GEORGIA_4: DigitalOcean us-atl1 MI350X
     - EU_ICELAND_3: Crusoe eu-iceland1 (Anysphere BYOC) [HIDE_FROM_DOCS]
     - US_OHIO_1: Lambda us-midwest-2 (Ohio)

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    AP_TOKYO_1 = "AP_TOKYO_1"
    AP_TOKYO_2 = "AP_TOKYO_2"
    EU_FRANKFURT_1 = "EU_FRANKFURT_1"
    EU_HELSINKI_1 = "EU_HELSINKI_1"
    EU_ICELAND_1 = "EU_ICELAND_1"
    EU_ICELAND_2 = "EU_ICELAND_2"
    EU_ICELAND_3 = "EU_ICELAND_3"
    EU_ICELAND_DEV_1 = "EU_ICELAND_DEV_1"
    EU_LONDON_1 = "EU_LONDON_1"
    EU_PARIS_1 = "EU_PARIS_1"
    NA_BRITISHCOLUMBIA_1 = "NA_BRITISHCOLUMBIA_1"
    REGION_UNSPECIFIED = "REGION_UNSPECIFIED"
    US_ARIZONA_1 = "US_ARIZONA_1"
    US_ARIZONA_2 = "US_ARIZONA_2"
    US_ARIZONA_3 = "US_ARIZONA_3"
    US_CALIFORNIA_1 = "US_CALIFORNIA_1"
    US_GEORGIA_1 = "US_GEORGIA_1"
    US_GEORGIA_2 = "US_GEORGIA_2"
    US_GEORGIA_3 = "US_GEORGIA_3"
    US_GEORGIA_4 = "US_GEORGIA_4"
    US_ILLINOIS_1 = "US_ILLINOIS_1"
    US_ILLINOIS_2 = "US_ILLINOIS_2"
    US_IOWA_1 = "US_IOWA_1"
    US_MISSOURI_1 = "US_MISSOURI_1"
    US_NEVADA_1 = "US_NEVADA_1"
    US_OHIO_1 = "US_OHIO_1"
    US_TEXAS_1 = "US_TEXAS_1"
    US_TEXAS_2 = "US_TEXAS_2"
    US_TEXAS_3 = "US_TEXAS_3"
    US_UTAH_1 = "US_UTAH_1"
    US_VIRGINIA_1 = "US_VIRGINIA_1"
    US_VIRGINIA_2 = "US_VIRGINIA_2"
    US_WASHINGTON_1 = "US_WASHINGTON_1"
    US_WASHINGTON_2 = "US_WASHINGTON_2"
    US_WASHINGTON_3 = "US_WASHINGTON_3"
    US_WASHINGTON_4 = "US_WASHINGTON_4"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GatewayRegion | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
