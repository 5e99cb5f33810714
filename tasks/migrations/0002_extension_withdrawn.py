# Extension requests closed without a decision when their task ends (tasks.services).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='extensionrequest',
            name='status',
            field=models.CharField(choices=[('pending', 'Chờ quyết định'), ('approved', 'Đồng ý'), ('rejected', 'Không đồng ý'), ('withdrawn', 'Đã đóng (nhiệm vụ kết thúc trước khi quyết định)')], default='pending', max_length=16),
        ),
    ]
