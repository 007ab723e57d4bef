from django.db import migrations


def seed_more_standard_facts(apps, schema_editor):
    # The facts the policy catalogue reads (sme, above_scale_since, listing_stage, settled_on, office_area_sqm,
    # office_rent_fen, district_output_contribution_fen, executive_income_tax_fen, renting_talents,
    # new_insured_hires, priority_hires and the person_* facts). Seeding creates only the definitions that
    # are missing and leaves existing ones (perhaps edited in the admin) alone, so running it on a database
    # that 0004 seeded with the longer dictionary changes nothing.
    from onego.registry.facts import seed_fact_definitions

    seed_fact_definitions(apps.get_model("registry", "FactDefinition"))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_enterprise_facts"),
    ]

    operations = [
        migrations.RunPython(seed_more_standard_facts, migrations.RunPython.noop),
    ]
