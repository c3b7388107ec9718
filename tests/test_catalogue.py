"""The indicator catalogue file: the sample's real catalogue, encodings, and clear errors."""
import pytest

from conftest import SAMPLE
from sozialraum_monitor.core.catalogue import (
    HIGHER_IS_BETTER,
    HIGHER_IS_WORSE,
    NEUTRAL,
    Catalogue,
    CatalogueError,
    Indicator,
    read_catalogue,
    write_catalogue,
)


def test_sample_catalogue_describes_every_column_of_the_sample_tables():
    catalogue = read_catalogue(f"{SAMPLE}/indikatoren_mss2019.csv")
    for table in ("mss_2019_tab2-1.csv", "mss_2019_tab4-1.csv"):
        with open(f"{SAMPLE}/tables/{table}", encoding="utf-8") as handle:
            header = handle.readline().strip().split(",")
        for column in header[2:]:
            assert column in catalogue, column
    s1 = catalogue.get("s1_percentage_unemployed")
    assert s1.label == "Arbeitslosigkeit (SGB II)" and s1.unit == "%" and s1.polarity == HIGHER_IS_WORSE
    assert catalogue.get("k15_living_space").polarity == HIGHER_IS_BETTER


def test_cp1252_catalogue_with_german_polarity_words(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_bytes("id;label;polarity;numerator;denominator;multiplier\n"
                     "alq;Arbeitslosenquote;hoch_ist_schlecht;alo;ew_15_65;100\n"
                     "gruen;Grünfläche je EW;hoch_ist_gut;;;\n".encode("cp1252"))
    catalogue = read_catalogue(str(path))
    assert catalogue.get("alq").is_rate and catalogue.get("alq").multiplier == 100
    assert catalogue.get("gruen").label == "Grünfläche je EW" and catalogue.get("gruen").sign == -1


def test_rate_needs_both_numerator_and_denominator(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text("id;numerator\nalq;alo\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"Zeile 2.*Nenner"):
        read_catalogue(str(path))


def test_unknown_polarity_names_file_and_row(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text("id,polarity\na,neutral\nb,schlimm\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"katalog.csv, Zeile 3: Polarität 'schlimm'"):
        read_catalogue(str(path))


def test_written_catalogue_reads_back_the_same(tmp_path):
    catalogue = Catalogue((Indicator("a", "Ä-Quote", "Thema", "%", HIGHER_IS_WORSE, "n", "d", 100.0),
                           Indicator("b", polarity=NEUTRAL, decimals=0)))
    write_catalogue(catalogue, str(tmp_path / "k.csv"))
    assert read_catalogue(str(tmp_path / "k.csv")).indicators == catalogue.indicators


def test_row_with_too_many_columns_is_named(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text("id;label\na;Text; mit Semikolon\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"Zeile 2: mehr Spalten"):
        read_catalogue(str(path))


def test_attribution_names_each_source_once():
    catalogue = Catalogue((Indicator("a", source="AfS (CC BY)"), Indicator("b", source="AfS (CC BY)"),
                           Indicator("c", source="Stadt"), Indicator("d")))
    assert catalogue.attribution() == "Quellen: AfS (CC BY); Stadt"
    assert catalogue.attribution(["c", "d"]) == "Quellen: Stadt"
    assert catalogue.attribution(["d"]) == ""
