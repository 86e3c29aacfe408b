"""Synthetic LexGraph corpora of a chosen size, for benchmarks and load tests (issue #5).

The generator writes a fictitious but realistic corpus in the project's own model (docs/modelling.md):
jurisdictions whose codes start with "syn" (so they never collide with real ones), instruments of every
kind, articles down to sub-points, norms of every modality built from the real vocabularies,
multilingual labels and headings, and correspondences and no-counterpart records between jurisdictions,
laid out like data/: <jurisdiction>/<instrument>.ttl, correspondences/<a>-<b>.ttl, jurisdictions.ttl,
curators.ttl. It counts every triple it writes, so it can stop within a few triples of the target.

Turtle text is written directly (no rdflib graph in between): a million triples take seconds, not minutes.
Everything is drawn from one random.Random(seed) and no set or dict order depends on string hashing, so
the same arguments give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import LexGraphError
from .ids import JURISDICTION_RE
from .namespaces import ID_BASE

MARKER = ".lexgraph-synthetic.json"  # not .ttl: the loader ignores it; it lets `overwrite` clear only our own output
MIN_TRIPLES = 5_000
MAX_JURISDICTIONS = 26 * 26
CORRESPONDENCE_SHARE = 0.12  # of the target, written as correspondences and no-counterpart records
NO_COUNTERPART_SHARE = 0.12  # of the comparative statements
CURATOR = f"{ID_BASE}curator/synthetic-generator"


class OutputNotEmptyError(LexGraphError):
    """The output folder holds files; the generator will not mix its corpus with them."""


@dataclass(frozen=True)
class GenerationSummary:
    """What `generate` wrote: counts from its own bookkeeping, which the tests check against a parse."""

    output: Path
    files: int
    triples: int
    jurisdictions: int
    instruments: int
    provisions: int
    norms: int
    correspondences: int
    no_counterparts: int
    seconds: float

    def to_dict(self) -> dict:
        return {**self.__dict__, "output": str(self.output)}


# ---------------------------------------------------------------------------------------------------------
# Vocabulary (concepts of ontology/vocab/*.ttl; tests/test_synthetic.py checks each one exists)
# ---------------------------------------------------------------------------------------------------------

LANGUAGES = ("ru", "fr", "de", "kk", "es", "en")  # main language of jurisdiction i is LANGUAGES[i % 6]; en always
MODALITIES = ("Prohibition", "Obligation", "Permission", "Exemption")
RELATIONS = ("exact", "close", "broader", "narrower", "related", "conflicting")
RELATION_WEIGHTS = (8, 32, 15, 15, 20, 10)
ASPECTS = ("scope", "condition", "exception", "addressee", "modality", "sanction", "definition")
KINDS = ("Regulation", "Law", "Code", "Constitution", "GovernmentResolution", "SubordinateRules",
         "Recommendation", "Standard", "PolicyDocument")
KIND_WEIGHTS = (10, 30, 5, 2, 15, 15, 8, 7, 8)
STATUSES = ("in-force", "adopted", "draft", "repealed")
STATUS_WEIGHTS = (70, 8, 12, 10)
ACTIVITIES = ("placing-on-market", "putting-into-service", "use", "creation", "operation")
RISK_CLASSES = ("eurisk:prohibited", "eurisk:high", "eurisk:limited", "eurisk:minimal", "kzrisk:minimal",
                "kzrisk:medium", "kzrisk:high", "seedrisk:comparable", "seedrisk:transparency", "seedrisk:contact",
                "seedrisk:manipulative")

# practice: (short label, what a system does, for "systems that ...")
PRACTICES: dict[str, tuple[str, str]] = {
    "ai-system": ("AI systems in general", "are AI systems of any kind"),
    "subliminal-manipulation": ("subliminal and manipulative techniques",
                                "use subliminal, manipulative or deceptive techniques to distort a person's behaviour"),
    "exploitation-of-vulnerabilities": ("exploitation of vulnerabilities",
                                        "exploit the vulnerabilities of people due to their age, disability or "
                                        "social or economic situation"),
    "social-scoring": ("social scoring",
                       "evaluate or classify people over time by their social behaviour or personal characteristics"),
    "criminal-risk-profiling": ("criminal-risk profiling",
                                "assess the risk that a person commits an offence solely on the basis of profiling"),
    "facial-image-scraping": ("facial image scraping",
                              "build facial recognition databases by untargeted scraping of facial images"),
    "emotion-recognition": ("emotion recognition", "infer the emotions of people at work or in education"),
    "biometric-categorisation": ("biometric categorisation",
                                 "sort people by their biometric data to deduce sensitive characteristics"),
    "real-time-remote-biometric-identification": ("real-time remote biometric identification",
                                                  "identify people remotely and in real time in publicly "
                                                  "accessible spaces"),
    "unlawful-personal-data-processing": ("unlawful processing of personal data",
                                          "collect and process personal data in breach of the data protection rules"),
    "prohibited-output": ("prohibited outputs", "create or spread outputs that the law prohibits"),
    "biometric-identification": ("biometric identification", "identify natural persons by their biometric data"),
    "high-risk-ai-system": ("high-risk AI systems", "are classified as high-risk"),
    "interaction-with-persons": ("interaction with natural persons", "interact directly with natural persons"),
    "synthetic-content-generation": ("synthetic content", "generate or alter image, audio, video or text content"),
    "automated-credit-decision": ("automated credit decisions",
                                  "assess the creditworthiness of natural persons or decide on credit automatically"),
}
PROHIBITED_PRACTICES = ("subliminal-manipulation", "exploitation-of-vulnerabilities", "social-scoring",
                        "criminal-risk-profiling", "facial-image-scraping", "emotion-recognition",
                        "biometric-categorisation", "real-time-remote-biometric-identification",
                        "unlawful-personal-data-processing", "prohibited-output")

ROLES: dict[str, str] = {
    "provider": "providers", "deployer": "deployers", "importer": "importers", "distributor": "distributors",
    "owner": "owners of AI systems", "possessor": "possessors of AI systems", "user": "users",
    "data-operator": "data operators", "bank": "banks and credit organisations",
    "authorised-body": "the authorised body", "public-authority": "public authorities",
    "law-enforcement": "law-enforcement authorities", "any-person": "any person",
    "authorised-representative": "authorised representatives",
}

# obligation type: what the addressees must do
DUTIES: dict[str, str] = {
    "risk-management": "establish, document and maintain a risk management system covering the whole life cycle "
                       "of the system",
    "data-governance": "make sure that training, validation and testing data are relevant, representative and as "
                       "free of errors as possible",
    "technical-documentation": "draw up technical documentation before the system is placed on the market and keep "
                               "it up to date",
    "record-keeping": "keep the logs that the system generates automatically for at least {n} months",
    "transparency": "tell the people concerned that they are dealing with an AI system, in clear and plain language",
    "human-oversight": "design the system so that natural persons can oversee it effectively and stop it safely",
    "accuracy-robustness-cybersecurity": "achieve an appropriate level of accuracy, robustness and cybersecurity "
                                         "throughout the life cycle",
    "quality-management": "put a documented quality management system in place",
    "conformity-assessment": "have the system pass a conformity assessment before it is placed on the market",
    "registration": "register the system in the public register before it is put into service",
    "post-market-monitoring": "collect and analyse data on the performance of the system once it is on the market",
    "incident-reporting": "report any serious incident to the authorised body within {n} days of becoming aware of it",
    "fundamental-rights-impact-assessment": "assess the impact of the system on fundamental rights before its "
                                            "first use",
    "audit": "have the system audited by an independent auditor every {n} years",
    "labelling": "label synthetic outputs in a machine-readable format and disclose that they were generated",
    "confidentiality": "keep confidential the information and data obtained in carrying out their tasks",
    "codes-of-conduct": "draw up codes of conduct and follow them voluntarily",
    "ai-literacy": "ensure that their staff reach a sufficient level of AI literacy",
    "compliance-with-requirements": "make sure that the system meets the requirements of this instrument",
    "conformity-marking": "affix the conformity marking visibly, legibly and indelibly",
    "corrective-action": "take corrective action at once when the system no longer conforms, up to withdrawing it",
    "prior-authorisation": "obtain prior authorisation from a court or an independent administrative authority",
    "authority-notification": "notify the authorised body before the system is put into service",
    "penalties": "lay down effective, proportionate and dissuasive penalties for breaches",
}

OBLIGATION_LABELS = {
    "risk-management": "risk management", "data-governance": "data governance",
    "technical-documentation": "technical documentation", "record-keeping": "record-keeping",
    "transparency": "transparency", "human-oversight": "human oversight",
    "accuracy-robustness-cybersecurity": "accuracy, robustness and cybersecurity",
    "quality-management": "quality management", "conformity-assessment": "conformity assessment",
    "registration": "registration", "post-market-monitoring": "post-market monitoring",
    "incident-reporting": "reporting serious incidents",
    "fundamental-rights-impact-assessment": "fundamental rights impact assessment", "audit": "audit",
    "labelling": "labelling of outputs", "confidentiality": "confidentiality", "codes-of-conduct": "codes of conduct",
    "ai-literacy": "AI literacy", "compliance-with-requirements": "compliance with the requirements",
    "conformity-marking": "conformity marking", "corrective-action": "corrective action",
    "prior-authorisation": "prior authorisation", "authority-notification": "notifying the authority",
    "penalties": "penalties",
}

# (label, summary) of conditions and exceptions
CONDITIONS = (
    ("Causes or is likely to cause significant harm",
     "The rule bites only where the practice causes, or is reasonably likely to cause, significant harm to a "
     "person or a group."),
    ("Used in publicly accessible spaces",
     "The rule applies only where the system is used in places open to the public."),
    ("Decisions with legal or similarly significant effects",
     "The rule applies where the output is used to take decisions that produce legal effects for a person or affect "
     "them in a similarly significant way."),
    ("Special categories of personal data are processed",
     "The rule applies where the system processes data revealing health, ethnic origin, political opinions or other "
     "sensitive traits."),
    ("Intended for use by public authorities",
     "The rule covers only systems that public authorities use or that are used on their behalf."),
    ("Without the consent of the person concerned",
     "The rule applies only where the person concerned has not given free and informed consent."),
    ("Placed on the market under the provider's own name",
     "The rule applies to whoever puts their own name or trademark on the system."),
    ("Above the size threshold",
     "The rule applies only to operators with more than {n} employees or a comparable annual turnover."),
)
EXCEPTIONS = (
    ("Cases provided for by law",
     "A law may allow the practice. The clause names no law and sets no limit on what such a law may allow."),
    ("Research and development before placing on the market",
     "Research, testing and development carried out before the system is placed on the market or put into service "
     "are outside the rule."),
    ("Purely personal, non-professional use", "People who use a system in a purely personal capacity are not bound."),
    ("Targeted search authorised in advance by a court",
     "Use is allowed for a targeted search for a specific person, with prior authorisation by a court and for a "
     "limited time."),
    ("Medical or safety reasons", "The rule does not apply where the system is used for medical or safety reasons."),
    ("Defence and national security",
     "Systems used exclusively for defence or national security purposes are excluded."),
    ("Free and open-source components",
     "Components released under a free and open-source licence are excluded unless they are part of a "
     "high-risk system."),
    ("Small enterprises during a transition period",
     "Small enterprises benefit from a transition period of {n} months before the rule applies to them."),
)

# Structural articles and normative themes. A theme: key, heading in (en, ru, kk, fr, de, es), modality or None,
# practices, obligation types, roles, risk classes.
_HEADINGS: dict[str, tuple[str, str, str, str, str, str]] = {
    "subject": ("Subject matter", "Предмет регулирования", "Реттеу нысанасы", "Objet", "Gegenstand", "Objeto"),
    "scope": ("Scope", "Сфера действия", "Қолданылу аясы", "Champ d'application", "Anwendungsbereich",
              "Ámbito de aplicación"),
    "definitions": ("Definitions", "Основные понятия", "Негізгі ұғымдар", "Définitions", "Begriffsbestimmungen",
                    "Definiciones"),
    "principles": ("Principles", "Принципы", "Қағидаттар", "Principes", "Grundsätze", "Principios"),
    "prohibited": ("Prohibited practices", "Запрещённые практики", "Тыйым салынған тәжірибелер",
                   "Pratiques interdites", "Verbotene Praktiken", "Prácticas prohibidas"),
    "classification": ("Classification of high-risk systems", "Классификация систем высокого риска",
                       "Жоғары тәуекелді жүйелерді жіктеу", "Classification des systèmes à haut risque",
                       "Einstufung von Hochrisikosystemen", "Clasificación de los sistemas de alto riesgo"),
    "risk": ("Risk management", "Управление рисками", "Тәуекелдерді басқару", "Gestion des risques",
             "Risikomanagement", "Gestión de riesgos"),
    "data": ("Data and data governance", "Данные и управление данными", "Деректер және деректерді басқару",
             "Données et gouvernance des données", "Daten und Daten-Governance", "Datos y gobernanza de datos"),
    "documentation": ("Technical documentation", "Техническая документация", "Техникалық құжаттама",
                      "Documentation technique", "Technische Dokumentation", "Documentación técnica"),
    "records": ("Record-keeping", "Ведение журналов", "Журналдарды жүргізу", "Enregistrement des événements",
                "Aufzeichnungspflichten", "Conservación de registros"),
    "transparency": ("Transparency", "Прозрачность", "Ашықтық", "Transparence", "Transparenz", "Transparencia"),
    "oversight": ("Human oversight", "Контроль со стороны человека", "Адамның бақылауы", "Contrôle humain",
                  "Menschliche Aufsicht", "Supervisión humana"),
    "robustness": ("Accuracy, robustness and cybersecurity", "Точность, надёжность и кибербезопасность",
                   "Дәлдік, орнықтылық және киберқауіпсіздік", "Exactitude, robustesse et cybersécurité",
                   "Genauigkeit, Robustheit und Cybersicherheit", "Precisión, solidez y ciberseguridad"),
    "providers": ("Obligations of providers", "Обязанности поставщиков", "Жеткізушілердің міндеттері",
                  "Obligations des fournisseurs", "Pflichten der Anbieter", "Obligaciones de los proveedores"),
    "deployers": ("Obligations of deployers", "Обязанности пользователей систем",
                  "Жүйелерді пайдаланушылардың міндеттері", "Obligations des déployeurs", "Pflichten der Betreiber",
                  "Obligaciones de los responsables del despliegue"),
    "owners": ("Rights and obligations of owners and possessors", "Права и обязанности собственников и владельцев",
               "Меншік иелері мен иеленушілердің құқықтары мен міндеттері",
               "Droits et obligations des propriétaires et détenteurs",
               "Rechte und Pflichten der Eigentümer und Besitzer",
               "Derechos y obligaciones de los propietarios y poseedores"),
    "labelling": ("Labelling of synthetic content", "Маркировка синтетического контента",
                  "Синтетикалық контентті таңбалау", "Marquage des contenus synthétiques",
                  "Kennzeichnung synthetischer Inhalte", "Etiquetado de contenidos sintéticos"),
    "conformity": ("Conformity assessment", "Оценка соответствия", "Сәйкестікті бағалау",
                   "Évaluation de la conformité", "Konformitätsbewertung", "Evaluación de la conformidad"),
    "registration": ("Registration", "Регистрация", "Тіркеу", "Enregistrement", "Registrierung", "Registro"),
    "monitoring": ("Post-market monitoring", "Мониторинг после ввода в обращение",
                   "Нарыққа шығарылғаннан кейінгі мониторинг", "Surveillance après commercialisation",
                   "Beobachtung nach dem Inverkehrbringen", "Vigilancia poscomercialización"),
    "incidents": ("Reporting of serious incidents", "Сообщение о серьёзных инцидентах",
                  "Елеулі инциденттер туралы хабарлау", "Signalement des incidents graves",
                  "Meldung schwerwiegender Vorfälle", "Notificación de incidentes graves"),
    "authority": ("Competence of the authorised body", "Компетенция уполномоченного органа",
                  "Уәкілетті органның құзыреті", "Compétences de l'autorité désignée",
                  "Zuständigkeit der benannten Behörde", "Competencias de la autoridad designada"),
    "biometrics": ("Biometric identification", "Биометрическая идентификация", "Биометриялық сәйкестендіру",
                   "Identification biométrique", "Biometrische Identifizierung", "Identificación biométrica"),
    "credit": ("Automated credit decisions", "Автоматизированные кредитные решения",
               "Автоматтандырылған несиелік шешімдер", "Décisions de crédit automatisées",
               "Automatisierte Kreditentscheidungen", "Decisiones de crédito automatizadas"),
    "audit": ("Audit", "Аудит", "Аудит", "Audit", "Prüfung", "Auditoría"),
    "conduct": ("Codes of conduct", "Кодексы поведения", "Мінез-құлық кодекстері", "Codes de conduite",
                "Verhaltenskodizes", "Códigos de conducta"),
    "exemptions": ("Exemptions", "Изъятия", "Алып тастаулар", "Exemptions", "Ausnahmen", "Exenciones"),
    "penalties": ("Penalties", "Ответственность", "Жауапкершілік", "Sanctions", "Sanktionen", "Sanciones"),
    "transitional": ("Transitional provisions", "Переходные положения", "Өтпелі ережелер",
                     "Dispositions transitoires", "Übergangsbestimmungen", "Disposiciones transitorias"),
    "entry": ("Entry into force", "Порядок введения в действие", "Қолданысқа енгізу тәртібі", "Entrée en vigueur",
              "Inkrafttreten", "Entrada en vigor"),
    "annex-uses": ("High-risk use cases", "Перечень случаев применения высокого риска",
                   "Жоғары тәуекелді қолдану жағдайлары", "Cas d'utilisation à haut risque",
                   "Hochrisiko-Anwendungsfälle", "Casos de uso de alto riesgo"),
    "annex-documentation": ("Contents of the technical documentation", "Содержание технической документации",
                            "Техникалық құжаттаманың мазмұны", "Contenu de la documentation technique",
                            "Inhalt der technischen Dokumentation", "Contenido de la documentación técnica"),
    "annex-register": ("Information to be registered", "Сведения, подлежащие регистрации", "Тіркелетін мәліметтер",
                       "Informations à enregistrer", "Zu registrierende Angaben", "Información que debe registrarse"),
}


@dataclass(frozen=True)
class _Theme:
    key: str
    modality: str
    practices: tuple[str, ...]
    obligations: tuple[str, ...]
    roles: tuple[str, ...]
    risks: tuple[str, ...]


_HIGH = ("high-risk-ai-system",)
THEMES = (
    _Theme("prohibited", "Prohibition", PROHIBITED_PRACTICES, (), ("provider", "deployer", "owner", "possessor",
                                                                      "any-person"),
           ("eurisk:prohibited", "seedrisk:manipulative", "kzrisk:high")),
    _Theme("classification", "Exemption", _HIGH, (), ("provider",), ("eurisk:high", "kzrisk:high")),
    _Theme("risk", "Obligation", _HIGH, ("risk-management",), ("provider", "owner", "possessor"),
           ("eurisk:high", "kzrisk:high", "kzrisk:medium")),
    _Theme("data", "Obligation", (*_HIGH, "unlawful-personal-data-processing"), ("data-governance",),
           ("provider", "data-operator"), ("eurisk:high",)),
    _Theme("documentation", "Obligation", _HIGH, ("technical-documentation",), ("provider",), ("eurisk:high",)),
    _Theme("records", "Obligation", _HIGH, ("record-keeping",), ("provider", "deployer", "possessor"),
           ("eurisk:high", "kzrisk:medium")),
    _Theme("transparency", "Obligation", ("interaction-with-persons", "emotion-recognition", "ai-system"),
           ("transparency",), ("provider", "deployer", "owner"), ("eurisk:limited", "seedrisk:transparency",
                                                                  "seedrisk:contact")),
    _Theme("oversight", "Obligation", _HIGH, ("human-oversight",), ("provider", "deployer"), ("eurisk:high",)),
    _Theme("robustness", "Obligation", _HIGH, ("accuracy-robustness-cybersecurity",), ("provider",),
           ("eurisk:high", "kzrisk:high")),
    _Theme("providers", "Obligation", (*_HIGH, "ai-system"),
           ("compliance-with-requirements", "quality-management", "corrective-action", "conformity-marking"),
           ("provider", "authorised-representative", "importer", "distributor"), ("eurisk:high",)),
    _Theme("deployers", "Obligation", (*_HIGH, "biometric-identification"),
           ("fundamental-rights-impact-assessment", "human-oversight", "record-keeping"), ("deployer", "user"),
           ("eurisk:high",)),
    _Theme("owners", "Permission", ("ai-system",), ("risk-management", "transparency"), ("owner", "possessor", "user"),
           ("kzrisk:minimal", "kzrisk:medium")),
    _Theme("labelling", "Obligation", ("synthetic-content-generation",), ("labelling", "transparency"),
           ("provider", "deployer", "owner", "possessor"), ("eurisk:limited", "seedrisk:transparency")),
    _Theme("conformity", "Obligation", _HIGH, ("conformity-assessment", "conformity-marking"), ("provider",),
           ("eurisk:high",)),
    _Theme("registration", "Obligation", _HIGH, ("registration",), ("provider", "deployer", "public-authority"),
           ("eurisk:high",)),
    _Theme("monitoring", "Obligation", _HIGH, ("post-market-monitoring",), ("provider",), ("eurisk:high",)),
    _Theme("incidents", "Obligation", _HIGH, ("incident-reporting",), ("provider", "deployer"), ("eurisk:high",)),
    _Theme("authority", "Permission", ("ai-system", "high-risk-ai-system"), ("confidentiality", "audit"),
           ("authorised-body", "public-authority"), ()),
    _Theme("biometrics", "Prohibition", ("biometric-identification", "real-time-remote-biometric-identification",
                                         "biometric-categorisation"),
           ("prior-authorisation", "authority-notification"), ("law-enforcement", "bank", "public-authority"),
           ("eurisk:high", "eurisk:prohibited")),
    _Theme("credit", "Obligation", ("automated-credit-decision",), ("transparency", "human-oversight"),
           ("bank", "provider"), ("eurisk:high", "seedrisk:comparable")),
    _Theme("audit", "Obligation", (*_HIGH, "ai-system"), ("audit",), ("owner", "possessor", "provider"),
           ("kzrisk:high", "kzrisk:medium")),
    _Theme("conduct", "Permission", ("ai-system",), ("codes-of-conduct", "ai-literacy"), ("provider", "deployer"),
           ("eurisk:minimal", "kzrisk:minimal")),
    _Theme("exemptions", "Exemption", ("ai-system", "high-risk-ai-system", "synthetic-content-generation"), (),
           ("provider", "deployer", "user"), ("eurisk:minimal",)),
    _Theme("penalties", "Obligation", ("ai-system",), ("penalties",), ("public-authority", "authorised-body"), ()),
)
THEME_BY_KEY = {theme.key: theme for theme in THEMES}
STRUCTURAL = ("subject", "scope", "definitions", "principles", "transitional", "entry")

# Instrument kinds per language, and the subjects instruments are about.
_KIND_NAMES: dict[str, tuple[str, str, str, str, str, str]] = {
    "Regulation": ("Regulation", "Регламент", "Регламент", "Règlement", "Verordnung", "Reglamento"),
    "Law": ("Law", "Закон", "Заң", "Loi", "Gesetz", "Ley"),
    "Code": ("Code", "Кодекс", "Кодекс", "Code", "Gesetzbuch", "Código"),
    "Constitution": ("Constitution", "Конституция", "Конституция", "Constitution", "Verfassung", "Constitución"),
    "GovernmentResolution": ("Government Resolution", "Постановление Правительства", "Үкімет қаулысы",
                             "Décret du Gouvernement", "Regierungsbeschluss", "Resolución del Gobierno"),
    "SubordinateRules": ("Rules", "Правила", "Қағидалар", "Arrêté", "Verwaltungsvorschrift", "Orden"),
    "Recommendation": ("Recommendation", "Рекомендация", "Ұсыным", "Recommandation", "Empfehlung", "Recomendación"),
    "Standard": ("Standard", "Стандарт", "Стандарт", "Norme", "Norm", "Norma"),
    "PolicyDocument": ("Strategy", "Концепция", "Тұжырымдама", "Stratégie", "Strategie", "Estrategia"),
}
_SLUG_PREFIX = {"Regulation": "reg", "Law": "law", "Code": "code", "Constitution": "constitution",
                "GovernmentResolution": "res", "SubordinateRules": "rules", "Recommendation": "rec",
                "Standard": "std", "PolicyDocument": "policy"}
_ARTICLES = {"Regulation": (12, 110), "Law": (8, 60), "Code": (40, 180), "Constitution": (20, 100),
             "GovernmentResolution": (3, 12), "SubordinateRules": (5, 35), "Recommendation": (4, 15),
             "Standard": (6, 30), "PolicyDocument": (4, 20)}
_TOP_UNIT = {"GovernmentResolution": "para", "SubordinateRules": "para", "Recommendation": "sec",
             "Standard": "sec", "PolicyDocument": "sec"}  # the rest are divided into articles
_SOFT = ("Recommendation", "Standard", "PolicyDocument")

# subject, as in "Law on ...": (en, ru, kk, fr, de, es)
TOPICS = (
    ("artificial intelligence", "Об искусственном интеллекте", "Жасанды интеллект туралы",
     "relative à l'intelligence artificielle", "über künstliche Intelligenz", "sobre inteligencia artificial"),
    ("personal data and their protection", "О персональных данных и их защите",
     "Дербес деректер және оларды қорғау туралы", "relative aux données personnelles et à leur protection",
     "über personenbezogene Daten und ihren Schutz", "sobre datos personales y su protección"),
    ("digital platforms and online services", "О цифровых платформах и онлайн-сервисах",
     "Цифрлық платформалар және онлайн-қызметтер туралы",
     "relative aux plateformes numériques et aux services en ligne", "über digitale Plattformen und Online-Dienste",
     "sobre plataformas digitales y servicios en línea"),
    ("automated decision-making in public administration",
     "Об автоматизированном принятии решений в государственном управлении",
     "Мемлекеттік басқарудағы автоматтандырылған шешім қабылдау туралы",
     "relative à la décision automatisée dans l'administration publique",
     "über automatisierte Entscheidungen in der öffentlichen Verwaltung",
     "sobre decisiones automatizadas en la administración pública"),
    ("biometric identification", "О биометрической идентификации", "Биометриялық сәйкестендіру туралы",
     "relative à l'identification biométrique", "über biometrische Identifizierung",
     "sobre identificación biométrica"),
    ("cybersecurity of information systems", "О кибербезопасности информационных систем",
     "Ақпараттық жүйелердің киберқауіпсіздігі туралы", "relative à la cybersécurité des systèmes d'information",
     "über die Cybersicherheit von Informationssystemen", "sobre ciberseguridad de los sistemas de información"),
    ("informatisation", "Об информатизации", "Ақпараттандыру туралы", "relative à l'informatisation",
     "über die Informatisierung", "sobre informatización"),
    ("consumer protection in digital markets", "О защите прав потребителей на цифровых рынках",
     "Цифрлық нарықтардағы тұтынушылардың құқықтарын қорғау туралы",
     "relative à la protection des consommateurs sur les marchés numériques",
     "über den Verbraucherschutz auf digitalen Märkten",
     "sobre protección de los consumidores en los mercados digitales"),
    ("automated credit scoring", "Об автоматизированной оценке кредитоспособности",
     "Несиелік қабілетті автоматтандырылған бағалау туралы",
     "relative à l'évaluation automatisée de la solvabilité", "über die automatisierte Kreditwürdigkeitsprüfung",
     "sobre la evaluación automatizada de la solvencia"),
    ("synthetic media", "О синтетических медиа", "Синтетикалық медиа туралы", "relative aux médias synthétiques",
     "über synthetische Medien", "sobre medios sintéticos"),
)

CONSTITUTION_TOPIC = ("fundamental rights and the organisation of the state", "Об основах конституционного строя",
                      "Конституциялық құрылыс негіздері туралы", "relative aux droits fondamentaux",
                      "über die Grundrechte", "sobre los derechos fundamentales")

# Defined terms: (en, ru, kk, fr, de, es, definition in English)
TERMS = (
    ("AI system", "система искусственного интеллекта", "жасанды интеллект жүйесі", "système d'IA", "KI-System",
     "sistema de IA", "a machine-based system that infers from its input how to produce outputs such as predictions, "
     "content, recommendations or decisions"),
    ("provider", "поставщик", "жеткізуші", "fournisseur", "Anbieter", "proveedor",
     "whoever develops an AI system, or has one developed, and places it on the market under its own name"),
    ("deployer", "эксплуатант", "пайдаланушы ұйым", "déployeur", "Betreiber", "responsable del despliegue",
     "whoever uses an AI system under its authority in a professional activity"),
    ("owner", "собственник", "меншік иесі", "propriétaire", "Eigentümer", "propietario",
     "the person who holds the property rights in an AI system"),
    ("possessor", "владелец", "иеленуші", "détenteur", "Besitzer", "poseedor",
     "the person who operates an AI system on a lawful basis other than ownership"),
    ("synthetic content", "синтетический контент", "синтетикалық контент", "contenu synthétique",
     "synthetische Inhalte", "contenido sintético",
     "images, audio, video or text created or altered by an AI system that imitate real persons or events"),
    ("biometric data", "биометрические данные", "биометриялық деректер", "données biométriques", "biometrische Daten",
     "datos biométricos", "personal data on the physical, physiological or behavioural characteristics of a person"),
    ("risk", "риск", "тәуекел", "risque", "Risiko", "riesgo",
     "the combination of the probability of harm and the severity of that harm"),
    ("authorised body", "уполномоченный орган", "уәкілетті орган", "autorité désignée", "benannte Behörde",
     "autoridad designada", "the central executive body that leads and coordinates the field of AI"),
    ("serious incident", "серьёзный инцидент", "елеулі инцидент", "incident grave", "schwerwiegender Vorfall",
     "incidente grave", "an incident or malfunction that leads to death, serious harm to health, serious damage to "
     "property or a serious disruption of critical infrastructure"),
    ("general-purpose AI model", "модель ИИ общего назначения", "жалпы мақсаттағы ЖИ моделі",
     "modèle d'IA à usage général", "KI-Modell mit allgemeinem Verwendungszweck", "modelo de IA de uso general",
     "an AI model trained on broad data that can perform a wide range of distinct tasks"),
    ("user", "пользователь", "пайдаланушы", "utilisateur", "Nutzer", "usuario",
     "a person who uses an AI system to perform a particular function or task"),
)
_LANG_INDEX = {"en": 0, "ru": 1, "kk": 2, "fr": 3, "de": 4, "es": 5}

AUTHORITIES = ("authorised body", "data protection authority", "market surveillance authority",
               "ministry of digital development", "national AI office", "sector regulator")
FILLERS = (
    "The {authority} supervises compliance and may ask for any information it needs for that purpose.",
    "Details are to be set out in secondary legislation within {n} months.",
    "The rule applies without prejudice to the general law on {topic}.",
    "Small and medium-sized enterprises may follow simplified procedures.",
    "Records are kept for {n} years and shown to the {authority} on request.",
    "Anyone affected may complain to the {authority}, which must answer within {n} days.",
    "Breaches are punished under the general law on administrative offences.",
    "The {authority} publishes guidance on how to apply the provision.",
    "Public bodies apply the rule to the systems they buy as well as to those they build.",
    "The provision does not reach systems used only for scientific research.",
    "The text follows the national strategy on artificial intelligence.",
    "Cooperation with the authorities of other jurisdictions is encouraged.",
    "The wording was amended in {year} to close a gap in enforcement.",
    "Commentators read the provision narrowly, in line with the principle of legal certainty.",
    "The obligation is proportionate to the size of the operator and the risk involved.",
    "Where another law sets a stricter rule, that rule prevails.",
    "The {authority} reviews the list every {n} years and may extend it.",
    "Guidelines of the {authority} give examples of what is and is not covered.",
)
AIMS = ("the protection of fundamental rights", "legal certainty for operators", "trust in digital services",
        "the safety of products", "fair competition", "the protection of personal data", "innovation",
        "transparency of public administration")
EXCLUDED = ("systems used only for defence", "scientific research", "purely personal use",
            "systems still under development", "free and open-source components")

# Jurisdiction names: syllables, and the Cyrillic spelling of each
_SYLLABLES = ("al", "bor", "cal", "dor", "el", "far", "gor", "hal", "is", "kar", "lun", "mer", "nor", "or", "pel",
              "ros", "sal", "tar", "ul", "val", "ven", "zan", "ber", "dal", "mir", "tor")
_ENDINGS = ("ia", "and", "istan", "ovia", "ea", "ara", "ence", "ania")
_CYRILLIC_PAIRS = (("ce", "це"), ("ci", "ци"), ("ia", "ия"), ("ea", "ея"))
_CYRILLIC = {"a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "k": "к",
             "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
             "z": "з"}
_STATE_FORMS = {  # (en, ru, kk, fr, de, es) templates for the long name
    "republic": ("Republic of {n}", "Республика {c}", "{c} Республикасы", "République de {n}", "Republik {n}",
                 "República de {n}"),
    "kingdom": ("Kingdom of {n}", "Королевство {c}", "{c} Корольдігі", "Royaume de {n}", "Königreich {n}",
                "Reino de {n}"),
    "union": ("{n} Union", "Союз {c}", "{c} Одағы", "Union de {n}", "Union {n}", "Unión de {n}"),
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi",
          "xvii", "xviii", "xix", "xx")
_ROMAN_UPPER = tuple(r.upper() for r in _ROMAN)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

PREFIXES = """@prefix lg:         <https://w3id.org/lexgraph/ontology#> .
@prefix rdfs:       <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:        <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms:    <http://purl.org/dc/terms/> .
@prefix prov:       <http://www.w3.org/ns/prov#> .
@prefix status:     <https://w3id.org/lexgraph/vocab/instrument-status/> .
@prefix force:      <https://w3id.org/lexgraph/vocab/binding-force/> .
@prefix practice:   <https://w3id.org/lexgraph/vocab/ai-practice/> .
@prefix activity:   <https://w3id.org/lexgraph/vocab/regulated-activity/> .
@prefix role:       <https://w3id.org/lexgraph/vocab/role/> .
@prefix obligation: <https://w3id.org/lexgraph/vocab/obligation-type/> .
@prefix eurisk:     <https://w3id.org/lexgraph/vocab/eu-risk-class/> .
@prefix kzrisk:     <https://w3id.org/lexgraph/vocab/kz-risk-degree/> .
@prefix seedrisk:   <https://w3id.org/lexgraph/vocab/seed-kz-risk-category/> .
@prefix relation:   <https://w3id.org/lexgraph/vocab/correspondence-relation/> .
@prefix aspect:     <https://w3id.org/lexgraph/vocab/difference-aspect/> .
"""
_HEADER = "# Synthetic LexGraph corpus (lexgraph.synthetic): fictitious {what}, generated for benchmarks; not law.\n"

# ---------------------------------------------------------------------------------------------------------
# Turtle text
# ---------------------------------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def literal(text: str, language: str | None = None) -> str:
    """A Turtle string literal, escaped; language-tagged when a language is given."""
    quoted = '"' + text.translate(_ESCAPES) + '"'
    return f"{quoted}@{language}" if language else quoted


def date_literal(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^xsd:date'


def _english_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


class _TurtleFile:
    """The text of one Turtle file, and how many triples it holds (one per object written)."""

    __slots__ = ("described", "parts", "triples")

    def __init__(self, header: str, base: str | None = None):
        self.parts: list[str] = [header]
        if base:
            self.parts.append(f"@base <{base}> .\n")
        self.parts.append(PREFIXES)
        self.triples = 0
        self.described: set[str] = set()  # sources already described in this file (membership only)

    def block(self, subject: str, pairs: Sequence[tuple[str, str | Sequence[str]]]) -> None:
        """One subject with its predicate-object pairs; a sequence of objects shares its predicate."""
        lines = []
        count = 0
        for predicate, objects in pairs:
            if isinstance(objects, str):
                lines.append(f"{predicate} {objects}")
                count += 1
            elif objects:
                lines.append(f"{predicate} {' , '.join(objects)}")
                count += len(objects)
        self.parts.append(f"\n{subject} " + " ;\n    ".join(lines) + " .\n")
        self.triples += count

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(self.parts), encoding="utf-8")


# ---------------------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Jurisdiction:
    index: int
    code: str
    name: str
    cyrillic: str
    form: str
    language: str
    point_style: str  # "letter" (a, b, c) or "number" (1, 2, 3)
    number_style: str  # "year" (2019/45), "convocation" (230-VIII) or "dash" (2019-45)
    gazette: str


@dataclass(frozen=True)
class _Anchor:
    """A provision (and the norm it establishes) that comparative statements can start from or lead to."""

    jurisdiction: int
    provision: str
    norm: str
    practice: str
    modality: str
    label: str  # "Aldoria Law No 45/2019, Article 5(1)(c)"
    source: str
    source_title: str


@dataclass
class _Instrument:
    jurisdiction: _Jurisdiction
    kind: str
    slug: str
    iri: str
    number: str
    short: str
    topic: tuple[str, ...]
    source: str
    source_title: str
    applies_from: dt.date | None


class _Generator:
    def __init__(self, seed: int, target: int, jurisdictions: int, output: Path):
        self.rng = random.Random(seed)
        self.target = target
        self.output = output
        self.triples = 0
        self.files = 0
        self.instruments = 0
        self.provisions = 0
        self.norms = 0
        self.correspondences = 0
        self.no_counterparts = 0
        self.modality_cycle = list(MODALITIES)
        self.relation_cycle = list(RELATIONS)
        self.aspect_cycle = list(ASPECTS)
        self.status_cycle = list(STATUSES)
        self.kind_cycle = list(KINDS)
        self.rng.shuffle(self.kind_cycle)
        self.jurisdictions = self._make_jurisdictions(jurisdictions)
        self.slugs: list[set[str]] = [set() for _ in self.jurisdictions]
        self.constitution = [False] * len(self.jurisdictions)
        self.anchors: list[list[_Anchor]] = [[] for _ in self.jurisdictions]
        self.anchors_by_practice: dict[tuple[int, str], list[_Anchor]] = {}
        self.secondary = [
            (f"https://doi.org/10.5555/lexgraph-synthetic.{n}", f"10.5555/lexgraph-synthetic.{n}", title)
            for n, title in enumerate((
                "Comparative notes on the regulation of artificial intelligence",
                "Risk-based AI governance across jurisdictions: a survey",
                "Prohibited AI practices: a comparative study",
                "Transparency duties for AI systems in national laws",
                "Biometric identification and the law",
                "Soft law and standards in AI governance",
            ), start=1)
        ]
        self.fillers = self._filler_pool(1500)
        self.written: list[str] = []  # provisions of the current instrument, for lg:refersTo
        self.budget = 0  # triples the current instrument may reach before it stops growing
        self.annexes = 0

    # --- small helpers -----------------------------------------------------------------------------------

    def _make_jurisdictions(self, count: int) -> list[_Jurisdiction]:
        rng = self.rng
        names: list[str] = []
        seen: set[str] = set()
        while len(names) < count:
            stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2))))
            name = (stem + rng.choice(_ENDINGS)).capitalize()
            if name not in seen:
                seen.add(name)
                names.append(name)
        result = []
        for index, name in enumerate(names):
            code = "syn" + _LETTERS[index // 26] + _LETTERS[index % 26]
            assert JURISDICTION_RE.fullmatch(code)
            language = LANGUAGES[index % len(LANGUAGES)]
            cyrillic = _to_cyrillic(name)
            result.append(_Jurisdiction(
                index=index, code=code, name=name, cyrillic=cyrillic,
                form=rng.choice(("republic", "republic", "kingdom", "union")),
                language=language,
                point_style="number" if language in ("ru", "kk") else "letter",
                number_style=rng.choice(("year", "convocation", "dash")),
                gazette=f"Official Gazette of {name}",
            ))
        return result

    def _filler_pool(self, size: int) -> list[str]:
        rng = self.rng
        pool = []
        for _ in range(size):
            template = rng.choice(FILLERS)
            pool.append(template.format(authority=rng.choice(AUTHORITIES), n=rng.choice((3, 5, 6, 10, 12, 15, 30)),
                                        topic=rng.choice(TOPICS)[0], year=rng.randint(2012, 2025)))
        return pool

    def _filler(self, count: int) -> str:
        return " ".join(self.rng.choice(self.fillers) for _ in range(count))

    def _next(self, cycle: list[str], choices: Sequence[str], weights: Sequence[int] | None = None) -> str:
        """The next value of a cycle that guarantees every value appears early, then weighted draws."""
        if cycle:
            return cycle.pop(0)
        return self.rng.choices(choices, weights)[0] if weights else self.rng.choice(choices)

    def _sample(self, items: Sequence[str], low: int, high: int) -> list[str]:
        return self.rng.sample(list(items), min(len(items), self.rng.randint(low, high)))

    def _date(self, start_year: int, end_year: int) -> dt.date:
        first = dt.date(start_year, 1, 1).toordinal()
        last = dt.date(end_year, 12, 31).toordinal()
        return dt.date.fromordinal(self.rng.randint(first, last))

    # --- registries ----------------------------------------------------------------------------------------

    def write_registries(self) -> None:
        registry = _TurtleFile(_HEADER.format(what="jurisdictions"))
        for j in self.jurisdictions:
            forms = _STATE_FORMS[j.form]
            labels = [literal(j.name, "en")]
            if j.language != "en":
                local = forms[_LANG_INDEX[j.language]].format(n=j.name, c=j.cyrillic)
                labels.append(literal(local, j.language))
            if j.language not in ("ru", "en"):
                labels.append(literal(forms[1].format(n=j.name, c=j.cyrillic), "ru"))
            summary = (f"{forms[0].format(n=j.name)}, a fictitious jurisdiction of the synthetic LexGraph corpus. "
                       f"Its laws are published in the {j.gazette}; they are written mainly in "
                       f"{_LANGUAGE_NAMES[j.language]} and summarised here in English.")
            registry.block(f"<{ID_BASE}{j.code}>", [
                ("a", "lg:Jurisdiction"),
                ("lg:code", literal(j.code)),
                ("rdfs:label", labels),
                ("lg:summary", literal(summary, "en")),
            ])
        self._save(registry, self.output / "jurisdictions.ttl")
        curators = _TurtleFile(_HEADER.format(what="curator"))
        curators.block(f"<{CURATOR}>", [
            ("a", ["lg:Curator", "prov:Agent"]),
            ("rdfs:label", literal("Synthetic corpus generator", "en")),
            ("lg:summary", literal("The program that wrote the synthetic LexGraph corpus (lexgraph.synthetic); "
                                   "its statements are fictitious and exist to measure the software.", "en")),
        ])
        self._save(curators, self.output / "curators.ttl")

    def _save(self, turtle: _TurtleFile, path: Path) -> None:
        turtle.write(path)
        self.triples += turtle.triples
        self.files += 1

    # --- instruments ---------------------------------------------------------------------------------------

    def instrument(self, jurisdiction: _Jurisdiction, budget: int) -> None:
        """Write one instrument file of at most about `budget` triples (at least one article)."""
        rng = self.rng
        kind = self._next(self.kind_cycle, KINDS, KIND_WEIGHTS)
        if kind == "Constitution" and self.constitution[jurisdiction.index]:
            kind = "Law"
        if kind == "Constitution":
            self.constitution[jurisdiction.index] = True
        status = self._next(self.status_cycle, STATUSES, STATUS_WEIGHTS)
        adopted = self._date(1993, 2000) if kind == "Constitution" else self._date(2005, 2025)
        if status == "adopted":
            adopted = self._date(2025, 2026)
        year = adopted.year
        number, slug = self._number_and_slug(jurisdiction, kind, year)
        iri = f"{ID_BASE}{jurisdiction.code}/{slug}"
        lang = jurisdiction.language
        topic = TOPICS[0] if rng.random() < 0.4 else rng.choice(TOPICS)
        if kind == "Constitution":
            topic = CONSTITUTION_TOPIC
        kind_names = _KIND_NAMES[kind]
        title_en, title_local = self._titles(jurisdiction, kind, number, topic)
        short = f"{jurisdiction.name} {kind_names[0]} {number}" if kind != "Constitution" else \
            f"Constitution of {jurisdiction.name}"
        source = f"https://legislation.{jurisdiction.code}.example/{slug}"
        source_title = f"{title_en}, {jurisdiction.gazette}"
        published = None if status == "draft" else adopted + dt.timedelta(days=rng.randint(2, 20))
        if published:
            source_title += f", {_english_date(published)}"

        turtle = _TurtleFile(_HEADER.format(what=f"{kind_names[0].lower()} of {jurisdiction.name}"), base=iri + "/")
        in_force = adopted + dt.timedelta(days=rng.randint(10, 180))
        applies = in_force + dt.timedelta(days=rng.choice((0, 0, rng.randint(30, 730))))
        pairs: list[tuple[str, str | Sequence[str]]] = [
            ("a", f"lg:{kind}"),
            ("lg:jurisdiction", f"<{ID_BASE}{jurisdiction.code}>"),
            ("lg:slug", literal(slug)),
            ("lg:number", literal(number)),
            ("dcterms:title", [literal(title_en, "en")] + ([literal(title_local, lang)] if lang != "en" else [])),
            ("rdfs:label", literal(short, "en")),
        ]
        if status != "draft":
            pairs.append(("lg:dateAdopted", date_literal(adopted)))
            pairs.append(("lg:dateInForce", date_literal(in_force)))
            pairs.append(("lg:appliesFrom", date_literal(applies)))
        if status == "repealed":
            pairs.append(("lg:appliesUntil", date_literal(applies + dt.timedelta(days=rng.randint(365, 3000)))))
        pairs += [
            ("lg:status", f"status:{status}"),
            ("lg:bindingForce", "force:soft-law" if kind in _SOFT else "force:binding"),
        ]
        if kind in ("Regulation", "Law", "Code") and rng.random() < 0.5:
            pairs.append(("lg:eli", f"<https://legislation.{jurisdiction.code}.example/eli/{slug.replace('-', '/')}>"))
        cites = [f"<{source}>"]
        secondary = self.rng.choice(self.secondary) if rng.random() < 0.2 else None
        if secondary:
            cites.append(f"<{secondary[0]}>")
        pairs += [
            ("lg:officialText", f"<{source}>"),
            ("lg:citesSource", cites),
            ("lg:certainty", literal("synthetic")),
        ]
        self.budget = budget
        turtle.parts.append("")  # the instrument's own block, written once its summary can count the articles
        header_index = len(turtle.parts) - 1
        self.written = []
        self._describe_source(turtle, source, source_title, published)
        if secondary:
            self._describe_secondary(turtle, secondary)

        instrument = _Instrument(jurisdiction, kind, slug, iri, number, short, topic, source, source_title,
                                 applies if status != "draft" else None)
        low, high = _ARTICLES[kind]
        planned = int(low + (high - low) * rng.random() ** 2)
        unit = _TOP_UNIT.get(kind, "art")
        themes = self._plan_themes(kind, planned)
        counts = {"norms": 0}
        done = 0
        for position, theme_key in enumerate(themes, start=1):
            if position > 1 and turtle.triples >= budget:
                break
            self._top_unit(turtle, instrument, unit, position, theme_key, counts)
            done = position
        annexes = 0
        first_annex = kind in ("Regulation", "Law", "Code") and not self.annexes  # every corpus has one
        if first_annex or (kind in ("Regulation", "Law", "Code") and turtle.triples < budget and rng.random() < 0.5):
            for annex_key in rng.sample(("annex-uses", "annex-documentation", "annex-register"), rng.randint(1, 3)):
                if turtle.triples >= budget and not (first_annex and annexes == 0):
                    break
                self.annexes += 1
                annexes += 1
                self._annex(turtle, instrument, annexes, done + annexes, annex_key)

        summary = self._instrument_summary(instrument, done, unit, annexes, counts["norms"], status, adopted,
                                           in_force, applies)
        pairs.append(("lg:summary", literal(summary, "en")))
        turtle.parts[header_index] = _block_text(f"<{iri}>", pairs)
        turtle.triples += len(_objects(pairs))
        self._save(turtle, self.output / jurisdiction.code / f"{slug}.ttl")
        self.instruments += 1

    def _number_and_slug(self, j: _Jurisdiction, kind: str, year: int) -> tuple[str, str]:
        rng = self.rng
        used = self.slugs[j.index]
        for _ in range(1000):
            seq = rng.randint(1, 999)
            if kind == "Constitution":
                number, slug = str(year), f"constitution-{year}"
            elif kind == "Standard":
                code = rng.randint(1000, 99999)
                number, slug = f"ST {j.code.upper()} {code}:{year}", f"std-{code}-{year}"
            elif j.number_style == "convocation":
                roman = _ROMAN_UPPER[min(year - 1991, 76) // 4 % 20]
                number, slug = f"{seq}-{roman}", f"{_SLUG_PREFIX[kind]}-{seq}-{roman.lower()}"
            elif j.number_style == "year":
                number, slug = f"{year}/{seq}", f"{_SLUG_PREFIX[kind]}-{year}-{seq}"
            else:
                number, slug = f"{year}-{seq}", f"{_SLUG_PREFIX[kind]}-{year}-{seq}"
            if slug in used:
                if kind == "Constitution":
                    year += 1
                continue
            used.add(slug)
            return number, slug
        raise RuntimeError("no free instrument slug")  # pragma: no cover (a thousand draws never all collide)

    def _titles(self, j: _Jurisdiction, kind: str, number: str, topic: tuple[str, ...]) -> tuple[str, str]:
        names = _KIND_NAMES[kind]
        forms = _STATE_FORMS[j.form]
        if kind == "Constitution":
            local_state = forms[_LANG_INDEX[j.language]].format(n=j.name, c=j.cyrillic)
            local_kind = names[_LANG_INDEX[j.language]]
            return f"Constitution of the {forms[0].format(n=j.name)}", f"{local_kind}: {local_state}"
        en = f"{names[0]} No {number} on {topic[0]}"
        lang = j.language
        local_kind = names[_LANG_INDEX[lang]]
        local_topic = topic[_LANG_INDEX[lang]]
        local = {
            "ru": f"{local_kind} № {number} «{local_topic}»",
            "kk": f"«{local_topic}» № {number} {local_kind}",
            "fr": f"{local_kind} n° {number} {local_topic}",
            "de": f"{local_kind} Nr. {number} {local_topic}",
            "es": f"{local_kind} n.º {number} {local_topic}",
            "en": en,
        }[lang]
        return en, local

    def _plan_themes(self, kind: str, count: int) -> list[str]:
        rng = self.rng
        keys = [theme.key for theme in THEMES]
        if kind in _TOP_UNIT:
            return [rng.choice(keys) if rng.random() < 0.8 else rng.choice(("principles", "scope"))
                    for _ in range(count)]
        head = ["subject", "scope", "definitions"][:count]
        tail = ["penalties", "transitional", "entry"] if count >= 8 else (["entry"] if count >= 4 else [])
        middle = count - len(head) - len(tail)
        body = []
        if middle > 0:
            start = rng.randrange(len(keys))
            body = [keys[(start + i) % len(keys)] if rng.random() < 0.7 else rng.choice(keys) for i in range(middle)]
            if middle > 6 and rng.random() < 0.5:
                body[rng.randrange(middle)] = "principles"
        return head + body + tail

    def _instrument_summary(self, ins: _Instrument, units: int, unit: str, annexes: int, norms: int, status: str,
                            adopted: dt.date, in_force: dt.date, applies: dt.date) -> str:
        rng = self.rng
        unit_name = {"art": "articles", "para": "paragraphs", "sec": "sections"}[unit]
        kind_en = _KIND_NAMES[ins.kind][0].lower()
        sentences = [
            f"The {kind_en} of {ins.jurisdiction.name} on {ins.topic[0]}.",
            f"It has {units} {unit_name}" + (f" and {annexes} annex{'es' if annexes > 1 else ''}" if annexes else "")
            + f" and sets {norms} rule{'s' if norms != 1 else ''} for AI systems: "
            + ", ".join(self._sample([PRACTICES[p][0] for p in PRACTICES], 2, 4)) + " among them.",
        ]
        if ins.kind in _SOFT:
            sentences.append("It binds no one: those who adhere to it commit politically and report on progress.")
        if status == "draft":
            sentences.append("It is a draft under discussion and has not been adopted.")
        else:
            sentences.append(f"Adopted on {_english_date(adopted)}, it entered into force on "
                             f"{_english_date(in_force)} and applies from {_english_date(applies)}.")
        if status == "repealed":
            sentences.append("It has since been repealed and replaced by a newer act.")
        sentences.append("It pursues {} and {}.".format(*rng.sample(AIMS, 2)))
        return " ".join(sentences)

    def _describe_source(self, turtle: _TurtleFile, source: str, title: str, issued: dt.date | None) -> None:
        if source in turtle.described:
            return
        turtle.described.add(source)
        pairs: list[tuple[str, str | Sequence[str]]] = [("a", "lg:OfficialSource"),
                                                        ("dcterms:title", literal(title, "en"))]
        if issued is not None:
            pairs.append(("dcterms:issued", date_literal(issued)))
        turtle.block(f"<{source}>", pairs)

    def _describe_secondary(self, turtle: _TurtleFile, secondary: tuple[str, str, str]) -> None:
        iri, doi, title = secondary
        if iri in turtle.described:
            return
        turtle.described.add(iri)
        turtle.block(f"<{iri}>", [("a", "lg:SecondarySource"), ("lg:doi", literal(doi)),
                                  ("dcterms:title", literal(title, "en"))])

    # --- provisions ----------------------------------------------------------------------------------------

    def _labels(self, j: _Jurisdiction, components: Sequence[tuple[str, str]]) -> list[str]:
        labels = [literal(_label("en", components), "en")]
        if j.language != "en":
            labels.append(literal(_label(j.language, components), j.language))
        return labels

    def _headings(self, j: _Jurisdiction, key: str) -> list[str]:
        entry = _HEADINGS[key]
        headings = [literal(entry[_LANG_INDEX[j.language]], j.language)]
        if j.language != "en":
            headings.append(literal(entry[0], "en"))
        return headings

    def _provision(self, turtle: _TurtleFile, ins: _Instrument, eid: str, cls: str, parent: str, order: int,
                   components: Sequence[tuple[str, str]], summary: str, *, number: str | None = None,
                   extra: Sequence[tuple[str, str | Sequence[str]]] = (), norms: Sequence[str] = ()) -> str:
        pairs: list[tuple[str, str | Sequence[str]]] = [
            ("a", f"lg:{cls}"), ("lg:partOf", parent), ("lg:eId", literal(eid))]
        if number is not None:
            pairs.append(("lg:number", literal(number)))
        pairs.append(("lg:order", str(order)))
        pairs.append(("rdfs:label", self._labels(ins.jurisdiction, components)))
        pairs.extend(extra)
        pairs.append(("lg:summary", literal(summary, "en")))
        if norms:
            pairs.append(("lg:establishes", [f"<{eid}{n}>" for n in norms]))
        turtle.block(f"<{eid}>", pairs)
        self.provisions += 1
        self.written.append(f"<{eid}>")
        return f"<{eid}>"

    def _top_unit(self, turtle: _TurtleFile, ins: _Instrument, unit: str, position: int, theme_key: str,
                  counts: dict[str, int]) -> None:
        rng = self.rng
        j = ins.jurisdiction
        eid = f"{unit}_{position}"
        components = [(unit, str(position))]
        cls = {"art": "Article", "para": "Paragraph", "sec": "Section"}[unit]
        theme = THEME_BY_KEY.get(theme_key)
        extra: list[tuple[str, str | Sequence[str]]] = []
        if unit != "para":
            extra.append(("lg:heading", self._headings(j, theme_key)))
        if unit == "art" and ins.applies_from is not None and rng.random() < 0.1:
            extra.append(("lg:appliesFrom", date_literal(ins.applies_from + dt.timedelta(days=rng.randint(90, 900)))))
        if unit != "para":
            extra.append(("lg:officialText", f"<{ins.source}>"))

        if theme is None:  # a structural article: definitions get points, the others a paragraph or two of text
            summary = self._structural_summary(ins, theme_key)
            self._provision(turtle, ins, eid, cls, f"<{ins.iri}>", position, components, summary, number=str(position),
                            extra=extra)
            if theme_key == "definitions":
                self._definitions(turtle, ins, eid, components)
            elif theme_key in ("scope", "principles") and unit != "para" and rng.random() < 0.6:
                for p in range(1, rng.randint(2, 3) + 1):
                    self._provision(turtle, ins, f"{eid}__para_{p}", "Paragraph", f"<{eid}>", p,
                                    [*components, ("para", str(p))], self._filler(rng.randint(1, 2)), number=str(p))
            return

        shape = rng.random()
        if shape < 0.3:  # a single block of text, possibly setting a norm itself
            norms = self._maybe_norms(turtle, ins, eid, theme, counts, probability=0.7)
            summary = self._norm_led_summary(theme, norms[1]) if norms[0] else self._theme_summary(ins, theme)
            self._provision(turtle, ins, eid, cls, f"<{ins.iri}>", position, components, summary,
                            number=str(position), extra=extra, norms=norms[0])
            return
        self._provision(turtle, ins, eid, cls, f"<{ins.iri}>", position, components, self._theme_summary(ins, theme),
                        number=str(position), extra=extra)
        if shape < 0.5 or unit == "para":  # a list directly under the top unit
            self._list(turtle, ins, eid, components, theme, counts, start_order=1)
            return
        for p in range(1, rng.randint(2, 6) + 1):
            if p > 1 and turtle.triples >= self.budget:
                break
            self._paragraph(turtle, ins, eid, components, p, theme, counts)

    def _paragraph(self, turtle: _TurtleFile, ins: _Instrument, parent_eid: str, parent_components: list,
                   p: int, theme: _Theme, counts: dict[str, int]) -> None:
        rng = self.rng
        eid = f"{parent_eid}__para_{p}"
        components = [*parent_components, ("para", str(p))]
        shape = rng.random()
        if shape < 0.55:
            norms = self._maybe_norms(turtle, ins, eid, theme, counts, probability=0.65)
            summary = self._norm_led_summary(theme, norms[1]) if norms[0] else self._theme_summary(ins, theme)
            extra = [("lg:keyTerm", literal(self._key_term(ins), ins.jurisdiction.language))] \
                if rng.random() < 0.15 else []
            self._provision(turtle, ins, eid, "Paragraph", f"<{parent_eid}>", p, components, summary, number=str(p),
                            extra=extra, norms=norms[0])
            return
        self._provision(turtle, ins, eid, "Paragraph", f"<{parent_eid}>", p, components,
                        self._theme_summary(ins, theme), number=str(p))
        if shape < 0.9:
            end = self._list(turtle, ins, eid, components, theme, counts, start_order=1)
            if rng.random() < 0.25:  # a closing block after the list
                self._subparagraph(turtle, ins, eid, components, 2, end + 1, theme, counts)
        else:
            for s in range(1, rng.randint(2, 3) + 1):
                self._subparagraph(turtle, ins, eid, components, s, s, theme, counts)

    def _subparagraph(self, turtle: _TurtleFile, ins: _Instrument, parent_eid: str, parent_components: list,
                      number: int, order: int, theme: _Theme, counts: dict[str, int]) -> None:
        eid = f"{parent_eid}__subpara_{number}"
        norms = self._maybe_norms(turtle, ins, eid, theme, counts, probability=0.3)
        summary = self._norm_led_summary(theme, norms[1]) if norms[0] else self._filler(self.rng.randint(1, 2))
        self._provision(turtle, ins, eid, "Subparagraph", f"<{parent_eid}>", order,
                        [*parent_components, ("subpara", str(number))], summary, norms=norms[0])

    def _list(self, turtle: _TurtleFile, ins: _Instrument, parent_eid: str, parent_components: list, theme: _Theme,
              counts: dict[str, int], start_order: int, depth: int = 1) -> int:
        """An introduction and its points (sub-points at depth 2); returns the last order used."""
        rng = self.rng
        j = ins.jurisdiction
        self._provision(turtle, ins, f"{parent_eid}__intro", "ListIntroduction", f"<{parent_eid}>", start_order,
                        [*parent_components, ("intro", "")],
                        rng.choice(("Introduces the list that follows.", "Lead-in to the list below.",
                                    f"States that the {_THEME_LIST_NOUN.get(theme.modality, 'cases')} "
                                    f"listed next apply.")))
        count = rng.randint(2, 8) if depth == 1 else rng.randint(2, 4)
        practices = list(theme.practices)
        rng.shuffle(practices)
        order = start_order
        for i in range(count):
            order += 1
            number = (_LETTERS[i] if j.point_style == "letter" else str(i + 1)) if depth == 1 else _ROMAN[i]
            eid = f"{parent_eid}__point_{number}"
            components = [*parent_components, ("point", number)]
            practice = practices[i % len(practices)]
            if depth == 1 and rng.random() < 0.12:
                self._provision(turtle, ins, eid, "Point", f"<{parent_eid}>", order, components,
                                self._theme_summary(ins, theme), number=number)
                self._list(turtle, ins, eid, components, theme, counts, start_order=1, depth=2)
                continue
            norms = self._maybe_norms(turtle, ins, eid, theme, counts, probability=0.75, practice=practice)
            summary = self._norm_led_summary(theme, norms[1]) if norms[0] else self._theme_summary(ins, theme)
            extra = [("lg:keyTerm", literal(self._key_term(ins), j.language))] if rng.random() < 0.2 else []
            self._provision(turtle, ins, eid, "Point", f"<{parent_eid}>", order, components, summary, number=number,
                            extra=extra, norms=norms[0])
        return order

    def _definitions(self, turtle: _TurtleFile, ins: _Instrument, eid: str, components: list) -> None:
        rng = self.rng
        j = ins.jurisdiction
        self._provision(turtle, ins, f"{eid}__intro", "ListIntroduction", f"<{eid}>", 1, [*components, ("intro", "")],
                        f"Lead-in to the terms defined for the purposes of the {_KIND_NAMES[ins.kind][0].lower()}.")
        terms = rng.sample(TERMS, rng.randint(3, len(TERMS)))
        for i, term in enumerate(terms):
            number = str(i + 1)
            self._provision(
                turtle, ins, f"{eid}__point_{number}", "Point", f"<{eid}>", i + 2, [*components, ("point", number)],
                f"Defines {term[0]}: {term[6]}.", number=number,
                extra=[("lg:keyTerm", literal(term[_LANG_INDEX[j.language]], j.language))])

    def _annex(self, turtle: _TurtleFile, ins: _Instrument, number: int, order: int, key: str) -> None:
        rng = self.rng
        j = ins.jurisdiction
        roman = _ROMAN_UPPER[number - 1]
        eid = f"annex_{roman}"
        components = [("annex", roman)]
        what = {"annex-uses": "the areas in which AI systems count as high-risk",
                "annex-documentation": "what the technical documentation of a high-risk system must contain",
                "annex-register": "the information providers and deployers enter in the public register"}[key]
        self._provision(turtle, ins, eid, "Annex", f"<{ins.iri}>", order, components,
                        f"Lists {what}. " + self._filler(1), number=roman,
                        extra=[("lg:heading", self._headings(j, key)), ("lg:officialText", f"<{ins.source}>")])
        for i in range(rng.randint(3, 9)):
            n = str(i + 1)
            area = rng.choice(list(PRACTICES.values()))[0] if key == "annex-uses" else rng.choice(AUTHORITIES)
            self._provision(turtle, ins, f"{eid}__point_{n}", "Point", f"<{eid}>", i + 1, [*components, ("point", n)],
                            f"Item {n}: {area}. " + self._filler(1), number=n)

    # --- norms ---------------------------------------------------------------------------------------------

    def _maybe_norms(self, turtle: _TurtleFile, ins: _Instrument, eid: str, theme: _Theme, counts: dict[str, int],
                     probability: float, practice: str | None = None) -> tuple[list[str], tuple[str, str, list[str]]]:
        """Norms a provision establishes (fragments such as '#norm'), and what the first one is about."""
        rng = self.rng
        if rng.random() >= probability:
            return [], ("", "", [])
        fragments = ["#norm"] + (["#norm-2"] if rng.random() < 0.05 else [])
        about: tuple[str, str, list[str]] = ("", "", [])
        for fragment in fragments:
            modality = self._next(self.modality_cycle, MODALITIES) if self.modality_cycle else \
                (theme.modality if rng.random() < 0.8 else rng.choice(MODALITIES))
            chosen = practice if practice and fragment == "#norm" else rng.choice(theme.practices)
            roles = self._sample(theme.roles, 1, 3)
            self._norm(turtle, ins, eid, fragment, theme, modality, chosen, roles)
            counts["norms"] += 1
            if fragment == "#norm":
                about = (modality, chosen, roles)
        return fragments, about

    def _norm(self, turtle: _TurtleFile, ins: _Instrument, eid: str, fragment: str, theme: _Theme, modality: str,
              practice: str, roles: list[str]) -> None:
        rng = self.rng
        iri = f"<{eid}{fragment}>"
        practices = [practice] + ([rng.choice(theme.practices)] if rng.random() < 0.15 else [])
        practices = list(dict.fromkeys(practices))
        obligation = None
        if modality == "Obligation":
            obligation = rng.choice(theme.obligations) if theme.obligations else \
                rng.choice(("compliance-with-requirements", "transparency", "risk-management"))
        pairs: list[tuple[str, str | Sequence[str]]] = [
            ("a", f"lg:{modality}"),
            ("rdfs:label", literal(_norm_label(modality, practice, roles, obligation), "en")),
        ]
        if obligation:
            pairs.append(("lg:obligationType", f"obligation:{obligation}"))
        pairs.append(("lg:regulatesPractice", [f"practice:{p}" for p in practices]))
        pairs.append(("lg:regulatesActivity", [f"activity:{a}" for a in self._sample(ACTIVITIES, 1, 3)]))
        pairs.append(("lg:addressee", [f"role:{r}" for r in roles]))
        if theme.risks and rng.random() < 0.6:
            pairs.append(("lg:appliesToRiskClass", rng.choice(theme.risks)))
        qualifiers: list[tuple[str, str, tuple[str, str]]] = []
        if rng.random() < 0.3:
            qualifiers += [("Condition", f"{fragment}-condition-{n}", rng.choice(CONDITIONS))
                           for n in range(1, rng.randint(1, 2) + 1)]
        if rng.random() < (0.45 if modality in ("Prohibition", "Exemption") else 0.2):
            qualifiers += [("Exception", f"{fragment}-exception-{n}", rng.choice(EXCEPTIONS))
                           for n in range(1, rng.randint(1, 2) + 1)]
        conditions = [f"<{eid}{q[1]}>" for q in qualifiers if q[0] == "Condition"]
        exceptions = [f"<{eid}{q[1]}>" for q in qualifiers if q[0] == "Exception"]
        if conditions:
            pairs.append(("lg:hasCondition", conditions))
        if exceptions:
            pairs.append(("lg:hasException", exceptions))
        summary = _norm_summary(modality, practice, roles, obligation, rng)
        fillers = rng.randint(0, 2)
        if fillers:
            summary += " " + self._filler(fillers)
        pairs.append(("lg:summary", literal(summary, "en")))
        turtle.block(iri, pairs)
        self.norms += 1
        for cls, suffix, (label, summary) in qualifiers:
            q_pairs: list[tuple[str, str | Sequence[str]]] = [
                ("a", f"lg:{cls}"),
                ("rdfs:label", literal(label, "en")),
                ("lg:summary", literal(summary.format(n=rng.choice((10, 50, 250))), "en")),
            ]
            if rng.random() < 0.4:  # what carves the exception out or spells the condition: an earlier provision
                q_pairs.append(("lg:refersTo", rng.choice(self.written[-30:]) if self.written else f"<{ins.iri}>"))
            turtle.block(f"<{eid}{suffix}>", q_pairs)
        anchor = _Anchor(ins.jurisdiction.index, f"{ins.iri}/{eid}", f"{ins.iri}/{eid}{fragment}", practice,
                         modality, f"{ins.short}, {_label('en', _components(eid))}", ins.source, ins.source_title)
        self.anchors[ins.jurisdiction.index].append(anchor)
        self.anchors_by_practice.setdefault((ins.jurisdiction.index, practice), []).append(anchor)

    # --- texts ---------------------------------------------------------------------------------------------

    def _key_term(self, ins: _Instrument) -> str:
        return self.rng.choice(TERMS)[_LANG_INDEX[ins.jurisdiction.language]]

    def _structural_summary(self, ins: _Instrument, key: str) -> str:
        rng = self.rng
        kind = _KIND_NAMES[ins.kind][0].lower()
        roles = _join([ROLES[r] for r in self._sample(("provider", "deployer", "owner", "possessor", "user",
                                                          "importer", "distributor"), 2, 4)])
        return {
            "subject": f"Sets out what the {kind} governs, {ins.topic[0]}, and the aims it pursues, among them "
                       "{} and {}.".format(*rng.sample(AIMS, 2)),
            "scope": f"Says to whom the {kind} applies: {roles} established or acting in {ins.jurisdiction.name}. "
                     "It leaves out {} and {}.".format(*rng.sample(EXCLUDED, 2)),
            "definitions": f"Defines the terms used throughout the {kind}, among them "
                           f"{_join([t[0] for t in rng.sample(TERMS, 3)])}.",
            "principles": f"Lists the principles that guide the application of the {kind}: legality, fairness, "
                          f"transparency, accountability and {rng.choice(AIMS)}. " + self._filler(1),
            "transitional": f"Gives operators {rng.choice((6, 12, 24, 36))} months to bring systems already in "
                            f"use into line. " + self._filler(1),
            "entry": f"Fixes when the {kind} enters into force and from when its chapters apply. " + self._filler(1),
        }[key]

    def _theme_summary(self, ins: _Instrument, theme: _Theme) -> str:
        rng = self.rng
        practice = PRACTICES[rng.choice(theme.practices)][0]
        roles = _join([ROLES[r] for r in self._sample(theme.roles, 1, 2)])
        openers = {
            "Prohibition": f"Sets out what {roles} may not do with {practice}.",
            "Obligation": f"Lays down the duties of {roles} in relation to {practice}.",
            "Permission": f"Lists what {roles} may do in relation to {practice}.",
            "Exemption": f"Lists the cases of {practice} to which the rules of the {_KIND_NAMES[ins.kind][0].lower()} "
                         f"do not apply.",
        }
        return openers[theme.modality] + " " + self._filler(rng.randint(1, 2))

    def _norm_led_summary(self, theme: _Theme, about: tuple[str, str, list[str]]) -> str:
        modality, practice, roles = about
        return _norm_summary(modality, practice, roles, theme.obligations[0] if theme.obligations else None,
                             self.rng, short=True)

    # --- comparative statements ----------------------------------------------------------------------------

    def statements(self, budget_end: int) -> None:
        """Correspondences and no-counterpart records until the triple count reaches `budget_end`."""
        rng = self.rng
        count = len(self.jurisdictions)
        pairs = []
        for a in range(count):
            for step in (1, 2, count - 1):
                b = (a + step) % count
                if b != a and (a, b) not in pairs and self.anchors[a] and self.anchors[b]:
                    pairs.append((a, b))
        if not pairs:
            return
        files: dict[tuple[int, int], _TurtleFile] = {}
        slugs: dict[tuple[int, int], int] = {}
        seen: set[tuple[str, str]] = set()
        total = self.triples
        misses = 0
        while total < budget_end and misses < 1000:
            a, b = pairs[rng.randrange(len(pairs))]
            turtle = files.get((a, b))
            if turtle is None:
                ja, jb = self.jurisdictions[a], self.jurisdictions[b]
                turtle = files[(a, b)] = _TurtleFile(_HEADER.format(
                    what=f"correspondences from {ja.name} ({ja.code}) to {jb.name} ({jb.code})"))
                total += turtle.triples
            before = turtle.triples
            slugs[(a, b)] = slugs.get((a, b), 0) + 1
            if rng.random() < NO_COUNTERPART_SHARE:
                made = self._no_counterpart(turtle, a, b, slugs[(a, b)])
            else:
                made = self._correspondence(turtle, a, b, slugs[(a, b)], seen)
            misses = 0 if made else misses + 1
            total += turtle.triples - before
        for (a, b) in sorted(files):
            ja, jb = self.jurisdictions[a], self.jurisdictions[b]
            self._save(files[(a, b)], self.output / "correspondences" / f"{ja.code}-{jb.code}.ttl")

    def _correspondence(self, turtle: _TurtleFile, a: int, b: int, number: int, seen: set[tuple[str, str]]) -> bool:
        rng = self.rng
        start = rng.choice(self.anchors[a])
        from_cycle = bool(self.relation_cycle)
        wanted = self._next(self.relation_cycle, RELATIONS, RELATION_WEIGHTS)
        end = self._counterpart(start, b, wanted)
        relation = wanted
        if end.practice != start.practice:
            relation = "related"
        elif relation == "exact" and end.modality != start.modality:
            relation = "close"
        use_norms = rng.random() < 0.1
        from_iri = start.norm if use_norms else start.provision
        to_iri = end.norm if use_norms else end.provision
        duplicate = (from_iri, to_iri) in seen
        if from_cycle and (duplicate or relation != wanted):
            self.relation_cycle.insert(0, wanted)  # try again next time: every relation appears early
        if duplicate:
            return False
        seen.add((from_iri, to_iri))
        ja, jb = self.jurisdictions[a], self.jurisdictions[b]
        slug = f"{start.practice}-{number}"
        iri = f"{ID_BASE}correspondence/{ja.code}-{jb.code}/{slug}"
        differences = []
        if relation != "exact" or rng.random() < 0.3:
            aspects = [self._next(self.aspect_cycle, ASPECTS)] if self.aspect_cycle else []
            aspects += [x for x in self._sample(ASPECTS, 1, 3) if x not in aspects]
            differences = aspects[: max(1, len(aspects) - rng.randint(0, 1))]
        diff_iris = [f"<{iri}#diff-{n}>" for n in range(1, len(differences) + 1)]
        cites = [f"<{start.source}>", f"<{end.source}>"] if start.source != end.source else [f"<{start.source}>"]
        secondary = rng.choice(self.secondary) if rng.random() < 0.3 else None
        if secondary:
            cites.append(f"<{secondary[0]}>")
        practice_label = PRACTICES[start.practice][0]
        pairs: list[tuple[str, str | Sequence[str]]] = [
            ("a", "lg:Correspondence"),
            ("rdfs:label", literal(f"{start.label} and {end.label}: {practice_label}", "en")),
            ("lg:fromProvision", f"<{from_iri}>"),
            ("lg:toProvision", f"<{to_iri}>"),
            ("lg:relation", f"relation:{relation}"),
        ]
        if diff_iris:
            pairs.append(("lg:hasDifference", diff_iris))
        pairs += [
            ("lg:rationale", literal(_rationale(relation, start, end, ja.name, jb.name, rng), "en")),
            ("lg:citesSource", cites),
            ("lg:curatedBy", f"<{CURATOR}>"),
            ("dcterms:created", date_literal(self._date(2025, 2026))),
        ]
        turtle.block(f"<{iri}>", pairs)
        for n, aspect in enumerate(differences, start=1):
            turtle.block(f"<{iri}#diff-{n}>", [
                ("a", "lg:Difference"),
                ("lg:aspect", f"aspect:{aspect}"),
                ("lg:summary", literal(_difference(aspect, start, end, ja.name, jb.name, rng), "en")),
            ])
        self._describe_source(turtle, start.source, start.source_title, None)
        self._describe_source(turtle, end.source, end.source_title, None)
        if secondary:
            self._describe_secondary(turtle, secondary)
        self.correspondences += 1
        return True

    def _counterpart(self, start: _Anchor, b: int, relation: str) -> _Anchor:
        """A provision of jurisdiction b on the same practice: same modality, or another one for a conflict."""
        rng = self.rng
        same = self.anchors_by_practice.get((b, start.practice))
        if not same or rng.random() < 0.1:
            return rng.choice(self.anchors[b])
        wanted = [x for x in same if (x.modality != start.modality) == (relation == "conflicting")]
        return rng.choice(wanted or same)

    def _no_counterpart(self, turtle: _TurtleFile, a: int, b: int, number: int) -> bool:
        rng = self.rng
        start = rng.choice(self.anchors[a])
        ja, jb = self.jurisdictions[a], self.jurisdictions[b]
        iri = f"{ID_BASE}no-counterpart/{ja.code}-{jb.code}/{start.practice}-{number}"
        rationale = (f"No provision of {jb.name} that LexGraph describes sets a rule on "
                     f"{PRACTICES[start.practice][0]} comparable to {start.label}. "
                     + rng.choice((f"The general law of {jb.name} may still reach some cases, but it names no such "
                                   f"rule.", f"The matter is left to self-regulation in {jb.name}.",
                                   f"A draft that would fill the gap is under discussion in {jb.name}.")))
        turtle.block(f"<{iri}>", [
            ("a", "lg:NoCounterpart"),
            ("rdfs:label", literal(f"{start.label} has no counterpart in {jb.name}", "en")),
            ("lg:fromProvision", f"<{start.provision}>"),
            ("lg:targetJurisdiction", f"<{ID_BASE}{jb.code}>"),
            ("lg:rationale", literal(rationale, "en")),
            ("lg:citesSource", f"<{start.source}>"),
            ("lg:curatedBy", f"<{CURATOR}>"),
            ("dcterms:created", date_literal(self._date(2025, 2026))),
        ])
        self._describe_source(turtle, start.source, start.source_title, None)
        self.no_counterparts += 1
        return True


# ---------------------------------------------------------------------------------------------------------
# Text helpers that need no random state of their own
# ---------------------------------------------------------------------------------------------------------

_SCOPE_LIMITS = ("public bodies", "large operators", "systems already on the market", "high-risk systems")
_LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh", "fr": "French", "de": "German", "es": "Spanish"}
_THEME_LIST_NOUN = {"Prohibition": "prohibitions", "Obligation": "duties", "Permission": "powers",
                    "Exemption": "exemptions"}
_MODALITY_PHRASE = {"Prohibition": "bans {}", "Obligation": "sets duties for {}",
                    "Permission": "grants powers over {}", "Exemption": "exempts {} from the general rules"}
_MODALITY_VERB = {"Prohibition": "bans", "Obligation": "requires", "Permission": "allows", "Exemption": "exempts"}


def _to_cyrillic(name: str) -> str:
    text = name.lower()
    for latin, cyrillic in _CYRILLIC_PAIRS:
        text = text.replace(latin, cyrillic)
    return "".join(_CYRILLIC.get(ch, ch) for ch in text).capitalize()


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _objects(pairs: Sequence[tuple[str, str | Sequence[str]]]) -> list[str]:
    return [o for _p, objs in pairs for o in ([objs] if isinstance(objs, str) else objs)]


def _block_text(subject: str, pairs: Sequence[tuple[str, str | Sequence[str]]]) -> str:
    lines = [f"{p} {o if isinstance(o, str) else ' , '.join(o)}" for p, o in pairs if isinstance(o, str) or o]
    return f"\n{subject} " + " ;\n    ".join(lines) + " .\n"


def _components(eid: str) -> list[tuple[str, str]]:
    result = []
    for part in eid.split("__"):
        kind, _sep, number = part.partition("_")
        result.append((kind, number))
    return result


_TOP_LABELS = {
    "en": {"art": "Article {n}", "annex": "Annex {n}", "sec": "Section {n}", "para": "Paragraph {n}"},
    "ru": {"art": "Статья {n}", "annex": "Приложение {n}", "sec": "Раздел {n}", "para": "Пункт {n}"},
    "kk": {"art": "{n}-бап", "annex": "{n}-қосымша", "sec": "{n}-бөлім", "para": "{n}-тармақ"},
    "fr": {"art": "Article {n}", "annex": "Annexe {n}", "sec": "Section {n}", "para": "Paragraphe {n}"},
    "de": {"art": "Artikel {n}", "annex": "Anhang {n}", "sec": "Abschnitt {n}", "para": "Absatz {n}"},
    "es": {"art": "Artículo {n}", "annex": "Anexo {n}", "sec": "Sección {n}", "para": "Apartado {n}"},
}
# (paragraph, point under a top unit, point under a paragraph or point, sub-point, intro, subparagraph)
_INNER_LABELS = {
    "en": ("({n})", ", point {n}", "({n})", "({n})", ", introductory words", ", subparagraph {n}"),
    "ru": (" п.{n}", " пп.{n})", " пп.{n})", " ({n})", " (вводная часть)", " часть {n}"),
    "kk": (" {n}-тармақ", " {n}) тармақша", " {n}) тармақша", " ({n})", " (кіріспе бөлігі)", " {n}-бөлігі"),
    "fr": (", paragraphe {n}", ", point {n})", ", point {n})", ", sous-point {n})", ", phrase introductive",
           ", alinéa {n}"),
    "de": (" Absatz {n}", " Nummer {n}", " Buchstabe {n}", " Ziffer {n}", ", Einleitungssatz", " Unterabsatz {n}"),
    "es": (", apartado {n}", ", punto {n}", ", letra {n})", ", inciso {n})", ", frase introductoria", ", párrafo {n}"),
}


def _label(language: str, components: Sequence[tuple[str, str]]) -> str:
    """A provision's label in one language, from its eId components: Article 5(1)(c), Статья 5 п.1 пп.3)."""
    (top, top_number), *rest = components
    text = _TOP_LABELS[language][top].format(n=top_number)
    inner = _INNER_LABELS[language]
    previous = top
    points = 0
    for kind, number in rest:
        if kind == "para":
            text += inner[0].format(n=number)
        elif kind == "point":
            points += 1
            if points > 1:
                text += inner[3].format(n=number)
            elif previous in ("para", "subpara"):
                text += inner[2].format(n=number)
            else:
                text += inner[1].format(n=number)
        elif kind == "intro":
            text += inner[4]
        elif kind == "subpara":
            text += inner[5].format(n=number)
        previous = kind
    return text


def _norm_label(modality: str, practice: str, roles: list[str], obligation: str | None) -> str:
    what = PRACTICES[practice][0]
    who = _join([ROLES[r] for r in roles])
    if modality == "Prohibition":
        return f"Prohibition of {what}"
    if modality == "Obligation":
        duty = OBLIGATION_LABELS[obligation or "compliance-with-requirements"]
        return f"Duty of {who}: {duty} for {what}"
    if modality == "Permission":
        return f"Power of {who} regarding {what}"
    return f"Exemption for {what}"


def _norm_summary(modality: str, practice: str, roles: list[str], obligation: str | None, rng: random.Random,
                  short: bool = False) -> str:
    what = PRACTICES[practice][1]
    who = _join([ROLES[r] for r in roles])
    if modality == "Prohibition":
        text = f"Bans placing on the market, putting into service and using AI systems that {what}."
        if not short:
            text += f" The ban binds {who}."
    elif modality == "Obligation":
        duty = DUTIES.get(obligation or "", DUTIES["compliance-with-requirements"]).format(
            n=rng.choice((3, 6, 12, 15, 30)))
        text = f"{who[0].upper() + who[1:]} must {duty} where their AI systems {what}."
    elif modality == "Permission" and roles[0] in ("authorised-body", "public-authority", "law-enforcement"):
        text = f"{who[0].upper() + who[1:]} may inspect AI systems that {what}, ask for their documentation and " \
               f"order that they be brought into line or withdrawn."
    elif modality == "Permission":
        text = f"{who[0].upper() + who[1:]} may use AI systems that {what} once they have checked the instructions " \
               f"for use and informed the people concerned."
    else:
        text = f"The general requirements do not apply to AI systems that {what} in the cases listed, " \
               f"which relieves {who} of the corresponding duties."
    return text


def _rationale(relation: str, start: _Anchor, end: _Anchor, a: str, b: str, rng: random.Random) -> str:
    what, other = PRACTICES[start.practice][0], PRACTICES[end.practice][0]
    explanation = {
        "exact": "Both set the same rule for the same addressees, with no condition or exception that differs.",
        "close": "Both pursue the same aim and largely overlap; the differences recorded are of detail.",
        "broader": f"The provision of {a} covers more: it reaches cases that the provision of {b} leaves out.",
        "narrower": f"The provision of {a} covers less: conditions and exceptions narrow its reach.",
        "related": "They touch related subjects without setting the same rule.",
        "conflicting": f"They point in opposite directions, so an operator active in both {a} and {b} cannot "
                       f"follow both in full.",
    }[relation]
    return (f"{start.label} {_MODALITY_PHRASE[start.modality].format(what)}; {end.label} "
            f"{_MODALITY_PHRASE[end.modality].format(other)}. {explanation} " + rng.choice((
                "The comparison follows the official texts of both instruments.",
                "The pairing was checked against the structure of both instruments.",
                "Commentators in both jurisdictions draw the same parallel.",
                "The later instrument appears to have taken the earlier one as a model.",
            )))


def _difference(aspect: str, start: _Anchor, end: _Anchor, a: str, b: str, rng: random.Random) -> str:
    return {
        "scope": f"{a} applies the rule to every operator on its territory; {b} limits it to "
                 f"{rng.choice(_SCOPE_LIMITS)}.",
        "condition": f"{a} applies the rule only where the practice causes significant harm; {b} sets no such "
                     f"condition.",
        "exception": f"{b} allows exceptions provided for by law, which {a} does not have.",
        "addressee": f"{a} addresses providers and deployers; {b} addresses owners and possessors of AI systems.",
        "modality": f"{a} {_MODALITY_VERB[start.modality]} where {b} {_MODALITY_VERB[end.modality]}.",
        "sanction": f"{a} sets fines of up to {rng.choice((2, 4, 6, 7))}% of annual turnover; {b} refers to the "
                    f"general law on liability.",
        "definition": f"{a} and {b} define an AI system differently: {a} by what it does, {b} by what it is.",
    }[aspect]


# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------


def default_jurisdictions(target_triples: int) -> int:
    """About 4 jurisdictions at 10k triples, 13 at 100k, 40 at 1M."""
    return max(3, min(MAX_JURISDICTIONS, round(target_triples ** 0.5 / 25)))


def generate(target_triples: int, seed: int, output: Path, *, jurisdictions: int | None = None,
             overwrite: bool = False) -> GenerationSummary:
    """Write a synthetic corpus of about `target_triples` triples (within 1%) into `output`.

    `output` must be missing or empty, or hold an earlier synthetic corpus and `overwrite` be true (its
    .ttl files are removed first; nothing else is touched). Same arguments, same bytes.
    """
    started = time.perf_counter()
    if target_triples < MIN_TRIPLES:
        raise ValueError(f"target_triples must be at least {MIN_TRIPLES}, not {target_triples}")
    count = default_jurisdictions(target_triples) if jurisdictions is None else jurisdictions
    if not 2 <= count <= MAX_JURISDICTIONS:
        raise ValueError(f"jurisdictions must be between 2 and {MAX_JURISDICTIONS}, not {count}")
    output = Path(output)
    _prepare(output, overwrite)

    generator = _Generator(seed, target_triples, count, output)
    generator.write_registries()
    instrument_end = round(target_triples * (1 - CORRESPONDENCE_SHARE))
    cap = max(400, instrument_end // 12)  # at least a dozen instruments, so that every kind appears
    k = 0
    while generator.triples < instrument_end - 50:
        jurisdiction = generator.jurisdictions[k % count]
        remaining = instrument_end - generator.triples
        generator.instrument(jurisdiction, min(cap, remaining))
        k += 1
    generator.statements(target_triples)

    (output / MARKER).write_text(json.dumps({
        "generator": "lexgraph.synthetic", "target_triples": target_triples, "seed": seed, "jurisdictions": count,
        "triples": generator.triples,
    }, indent=2) + "\n", encoding="utf-8")
    return GenerationSummary(
        output=output, files=generator.files, triples=generator.triples, jurisdictions=count,
        instruments=generator.instruments, provisions=generator.provisions, norms=generator.norms,
        correspondences=generator.correspondences, no_counterparts=generator.no_counterparts,
        seconds=round(time.perf_counter() - started, 3),
    )


def _prepare(output: Path, overwrite: bool) -> None:
    if output.exists() and not output.is_dir():
        raise OutputNotEmptyError(f"{output} exists and is not a folder")
    if not output.exists() or not any(output.iterdir()):
        output.mkdir(parents=True, exist_ok=True)
        return
    if not (output / MARKER).is_file():
        raise OutputNotEmptyError(f"{output} is not empty and holds no synthetic corpus; choose an empty folder")
    if not overwrite:
        raise OutputNotEmptyError(f"{output} holds an earlier synthetic corpus; pass overwrite to replace it")
    for path in sorted(output.rglob("*.ttl"), reverse=True):
        path.unlink()
    for folder in sorted((p for p in output.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            shutil.rmtree(folder)
    (output / MARKER).unlink()


__all__ = ["GenerationSummary", "OutputNotEmptyError", "default_jurisdictions", "generate", "literal"]
