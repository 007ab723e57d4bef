from django.contrib import admin

from onego.registry.models import MarketEntity, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "masked_id", "source"]
    search_fields = ["name"]

    @admin.display(description="身份证号码 ID number")
    def masked_id(self, obj: Person) -> str:
        return str(obj).split(" ", 1)[-1]


@admin.register(MarketEntity)
class MarketEntityAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "legal_representative", "source"]
    search_fields = ["name", "credit_code"]
