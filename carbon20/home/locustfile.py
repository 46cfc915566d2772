"""The users of `make loadtest` (`carbon20.home.loadtest` starts Locust with this file).

Every role at once, in proportion: officers work the pipeline and their partnerships, hold
follow-ups and import consumption; coordinators read dashboards and exports and the API;
consultants their reviews; company users their plan and send consumption through the API;
the public reads the public pages. Who they are comes from the JSON file that
LOADTEST_PERSONAS names (sessions and tokens made by `loadtest`), one persona per simulated
user so that two users never hold the same follow-up.
"""

import itertools
import json
import os
import random
from datetime import date, timedelta

from locust import HttpUser, between, task

from carbon20.home.loadtest import FormFields

with open(os.environ["LOADTEST_PERSONAS"], encoding="utf-8") as personas_file:
    PERSONAS: dict[str, list[dict]] = json.load(personas_file)
_next = {role: itertools.count() for role in PERSONAS}


class Persona(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        personas = PERSONAS[self.role]
        self.persona = personas[next(_next[self.role]) % len(personas)]
        # The session cookie is set by hand: the platform marks its cookies Secure, and the
        # load runs over plain HTTP on loopback.
        self.cookie = f"sessionid={self.persona['session']}" if self.persona.get("session") else ""
        self.csrf = ""

    def headers(self) -> dict[str, str]:
        cookie = self.cookie + (f"; csrftoken={self.csrf}" if self.csrf else "")
        return {"Cookie": cookie} if cookie else {}

    def get(self, url: str, name: str):
        """The page itself: a redirect (to the login or the second factor's code page) or an
        error is a failure, not a page measured."""
        with self.client.get(
            url, headers=self.headers(), name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} instead of the page")
            return response

    def post_form(self, url: str, name: str, fill: dict[str, str], files=None) -> None:
        """Fetch the form, fill it in as a person would and send it; a form shown again
        with errors counts as a failure."""
        page = self.get(url, f"{name} (form)")
        if "csrftoken" in page.cookies:
            self.csrf = page.cookies["csrftoken"]
        parser = FormFields(url)
        parser.feed(page.text)
        data = {**parser.fields, **fill}
        with self.client.post(
            url,
            data=data,
            files=files,
            headers=self.headers(),
            name=name,
            catch_response=True,
        ) as response:
            if not response.history:
                response.failure(f"The form was shown again ({response.status_code}).")


class Officer(Persona):
    role = "officer"
    weight = 20

    @task(4)
    def pipeline(self):
        self.get("/partnerships/", "pipeline")

    @task(4)
    def partnership(self):
        self.get(random.choice(self.persona["partnerships"]), "partnership page")

    @task(2)
    def companies(self):
        self.get("/companies/", "company list")

    @task(1)
    def dashboard(self):
        self.get(self.persona["dashboard"], "dashboard")

    @task(1)
    def hold_follow_up(self):
        if not self.persona["follow_ups"]:
            return
        url = self.persona["follow_ups"].pop()
        self.post_form(
            url,
            "follow-up saved",
            {"form": "phone", "participants": "Driftschef", "confirm_early": "on"},
        )

    @task(1)
    def import_consumption(self):
        company = random.choice(self.persona["companies"])
        # One day long ago: a new record each time, never one that a result counts.
        day = date(1995, 1, 1) + timedelta(days=random.randrange(9000))
        text = (
            "Energiart;Fra;Til;Mængde;Enhed;Kilde;Opvarmningsandel (%);P-nummer;Note\r\n"
            f"El;{day:%d-%m-%Y};{day:%d-%m-%Y};{random.randint(10, 900)};kWh;Regning;;;Last\r\n"
        )
        self.post_form(
            f"/energy/company/{company}/consumption/import/",
            "consumption import",
            {},
            files={"file": ("forbrug.csv", text.encode("utf-8"), "text/csv")},
        )


class Coordinator(Persona):
    role = "coordinator"
    weight = 5

    @task(2)
    def pipeline(self):
        self.get("/partnerships/", "pipeline")

    @task(3)
    def dashboard(self):
        self.get(self.persona["dashboard"], "dashboard")

    @task(1)
    def export_csv(self):
        self.get(self.persona["dashboard"] + "kpis.csv", "export CSV")

    @task(1)
    def export_xlsx(self):
        self.get(self.persona["dashboard"] + "kpis.xlsx", "export XLSX")

    @task(2)
    def api_partnerships(self):
        self.client.get(
            "/api/v1/partnerships/?page_size=100",
            headers={"Authorization": f"Bearer {self.persona['token']}"},
            name="API partnerships",
        )


class Consultant(Persona):
    role = "consultant"
    weight = 8

    @task(2)
    def reviews(self):
        self.get("/reviews/", "review list")

    @task(3)
    def review(self):
        self.get(random.choice(self.persona["reviews"]), "review")


class CompanyUser(Persona):
    role = "company"
    weight = 10

    @task(3)
    def partnership(self):
        self.get(self.persona["partnerships"][0], "partnership page")

    @task(2)
    def plan(self):
        self.get(self.persona["plan"], "plan")

    @task(1)
    def api_records(self):
        self.client.get(
            "/api/v1/consumption-records/",
            headers={"Authorization": f"Bearer {self.persona['token']}"},
            name="API consumption records",
        )

    @task(1)
    def api_record(self):
        day = date(1995, 1, 1) + timedelta(days=random.randrange(9000))
        with self.client.post(
            "/api/v1/consumption-records/",
            json={
                "company": self.persona["company"],
                "carrier": "electricity",
                "period_start": day.isoformat(),
                "period_end": day.isoformat(),
                "quantity": str(random.randint(10, 900)),
                "unit": "kWh",
                "source": "bill",
            },
            headers={"Authorization": f"Bearer {self.persona['token']}"},
            name="API consumption record saved",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")


class Public(Persona):
    role = "public"
    weight = 7

    @task(2)
    def home(self):
        self.get("/public/", "public start page")

    @task(3)
    def companies(self):
        self.get("/public/companies/", "public companies")
