# Why Pester: every view here comes from Initializers.Format.ps1xml as the manifest (FormatsToProcess) loads it from
# the built module's folder; the hosted xunit suite imports only the dll.
BeforeDiscovery {
    Import-Module $env:INITIALIZERS_MODULE -Force
    # Every view of the module's format file, at the console widths people use.
    [xml] $format = Get-Content -Raw (Join-Path (Get-Module Initializers).ModuleBase 'Initializers.Format.ps1xml')
    $views = foreach ($view in $format.Configuration.ViewDefinitions.View) {
        $kind = if ($view['TableControl']) { 'Table' } else { 'List' }
        $labels = if ($kind -eq 'Table') { @($view.TableControl.TableHeaders.TableColumnHeader.Label) }
        else { @($view.ListControl.ListEntries.ListEntry.ListItems.ListItem | ForEach-Object { if ($_['Label']) { $_.Label } else { $_.PropertyName } }) }
        foreach ($width in 80, 120) {
            @{ View = $view.Name; Type = $view.ViewSelectedBy.TypeName; Kind = $kind; Labels = $labels; Width = $width }
        }
    }
    $script:TableViews = @($views | Where-Object Kind -EQ 'Table')
    $script:ListViews = @($views | Where-Object Kind -EQ 'List')
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module $ModulePath -Force
    # Objects each view is tried on: the longest names and configs, a wide tensor, a scalar.
    $script:Samples = @{
        'Initializers.Tensor' = { New-ZerosTensor -Shape @(); New-ZerosTensor 2, 3 -DType int32; New-Initializer RandomNormal -Seed 1 | New-Tensor -Shape 20, 30 -DType float64 }
        'Initializers.Initializer' = { Get-Initializer | ForEach-Object { $required = @{}; $_.ConfigKeys | Where-Object Required | ForEach-Object { $required[$_.Name] = 0.5 }; New-Initializer $_.ClassName -Config $required } }
        'Initializers.Torch.InitializerTranslation' = { Convert-Initializer HeNormal -To PyTorch; Convert-Initializer HeNormal -To PyTorch -Shape 3, 3, 64, 128; Convert-Initializer (New-Initializer TorchTruncNormal -Config @{ std = 0.02 }) -To Keras }
        'Initializers.InitializerInfo' = { Get-Initializer }
        'Initializers.Statistics.TensorMeasurement' = {
            $i = New-Initializer HeNormal -Seed 1
            New-Tensor $i 3, 3, 16, 32 | Measure-Tensor -Initializer $i
            $t = New-ZerosTensor 2, 3 -DType float16; $t[0, 0] = [double]::NaN; $t[1, 2] = -1e-7; $t | Measure-Tensor -Bins 20
        }
        'Initializers.ConfigTestResult' = {
            $file = Join-Path $TestDrive 'a-long-file-name-for-the-view-test.yaml'
            Set-Content -LiteralPath $file -Value "- class_name: VarianceScaling`n- class_name: RandomNormal`n  config: {stddev: -1, seed: 1.5}"
            Test-InitializerConfig -LiteralPath $file -Detailed
            '{"class_name": "Ones", "config": {"x": 1}}' | Test-InitializerConfig -Detailed
        }
        'Initializers.ModelInitializer' = { Get-ModelInitializer (Join-Path $PSScriptRoot '../Initializers.Tests/Fixtures/models/keras3_functional.json') }
        'Initializers.Models.Weights.ModelWeightReport' = {
            $model = Join-Path $PSScriptRoot '../Initializers.Tests/Fixtures/models/keras3_dense_mlp.json'
            Initialize-ModelWeight $model -Destination (Join-Path $TestDrive 'view.safetensors') -Seed 1 -Measure
        }
        'Initializers.ModelFinding' = {
            Test-ModelConfig (Join-Path $PSScriptRoot '../Initializers.Tests/Fixtures/models/keras2_functional.json')
            '{"class_name": "Dense"}' | Test-ModelConfig
        }
    }
    function Show([string] $Type, [string] $Kind, [string] $View, [int] $Width) {
        # The lines the view prints for the samples of its type, without colour.
        $Samples.Contains($Type) | Should -BeTrue -Because "the test needs sample objects for $Type"
        $objects = @(& $Samples[$Type])
        $rendering = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'
        try {
            $text = if ($Kind -eq 'Table') { $objects | Format-Table -View $View | Out-String -Width $Width }
            else { $objects | Format-List -View $View | Out-String -Width $Width }
        }
        finally { $PSStyle.OutputRendering = $rendering }
        [pscustomobject]@{ Objects = $objects; Lines = @($text -split '\r?\n' | ForEach-Object TrimEnd) }
    }
    $script:Key = @{
        'Initializers.Tensor' = { '[' + ($_.Shape -join ', ') + ']' }
        'Initializers.Initializer' = { $_.ClassName }
        'Initializers.InitializerInfo' = { $_.ClassName }
        'Initializers.ConfigTestResult' = { if ($_.Valid) { $_.ClassName } else { $_.ErrorId } }
        'Initializers.ModelInitializer' = { $_.Layer }
        'Initializers.ModelFinding' = { "$($_.Severity)" }
        'Initializers.Models.Weights.ModelWeightReport' = { $_.Name }
    }
}

Describe 'Table view <View> at <Width> columns' -ForEach $TableViews {
    BeforeAll {
        $shown = Show $Type $Kind $View $Width
        $script:Objects = $shown.Objects
        $script:Lines = $shown.Lines
        $dash = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match '^\s*-[- ]*$' })
        $script:Header = if ($dash -gt 0) { $Lines[$dash - 1] } else { '' }
        $script:AboveHeader = if ($dash -gt 1) { $Lines[$dash - 2] } else { '' }
    }

    It 'shows every label whole, on one header line' {
        ($Header.Trim() -split '\s+') | Should -Be $Labels
        $AboveHeader | Should -BeNullOrEmpty -Because 'a label that does not fit wraps onto more header lines'
    }

    It 'leaves the last column room to read' {
        # The last column takes what the others leave: at least a third of the width.
        $start = $Header.LastIndexOf($Labels[-1])
        $start | Should -BeGreaterOrEqual 0
        ($Width - $start) | Should -BeGreaterOrEqual ([math]::Floor($Width / 3)) -Because "the last column, $($Labels[-1]), must stay readable"
    }

    It 'shows the key column of every object in full' {
        foreach ($o in $Objects) {
            $k = $o | ForEach-Object $Key[$Type]
            # The key column is first, or last (Name last, as Get-ChildItem has it): either way a whole cell of its own.
            @($Lines | Where-Object { $_.StartsWith($k + ' ') -or $_ -eq $k -or $_.EndsWith(' ' + $k) }).Count | Should -BeGreaterThan 0 -Because "$k is shown whole"
        }
    }
}

Describe 'List view <View> at <Width> columns' -ForEach $ListViews {
    It 'shows every label for every object' {
        $shown = Show $Type $Kind $View $Width
        foreach ($label in $Labels) {
            @($shown.Lines | Where-Object { $_ -match "^$([regex]::Escape($label))\s*:" }).Count | Should -Be $shown.Objects.Count -Because "$label is shown for every object"
        }
    }
}

Describe 'The initializer table' {
    It 'shows a long config whole, wrapped rather than cut, at <_> columns' -ForEach 80, 120 {
        $text = New-Initializer VarianceScaling -Seed 7 | Out-String -Width $_
        $text | Should -Not -Match '…'
        ($text -replace '\s+', '') | Should -BeLike "*scale=1.0,mode='fan_in',distribution='truncated_normal',seed=7*"
    }
}
