# Why Pester: -WhatIf writes "What if:" lines to the host's UI, which only a real console host (a fresh pwsh) shows;
# the hosted xunit suite has no UI and checks everything else about Set-ModelInitializer.
BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-ModelInitializer -WhatIf' {
    It 'shows each change and writes nothing' {
        $model = Join-Path $TestDrive 'whatif.json'
        $text = '{"class_name": "Sequential", "config": {"name": "m", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2, ' +
            '"kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}}]}}'
        Set-Content -LiteralPath $model -Value $text -NoNewline
        $run = Invoke-FreshPwsh "Import-Module '$ModulePath'; Set-ModelInitializer -LiteralPath '$model' -Seed 42 -WhatIf; Set-ModelInitializer -LiteralPath '$model' -Initializer Ones -WhatIf"
        $run.ExitCode | Should -Be 0
        # dense d's kernel seed for base 42: printf 'initializers-seed-v1\n42\nd\nkernel_initializer' | sha256sum, then 1 + first 16 hex digits mod (2^31 - 1).
        $run.Output | Should -Be @(
            "What if: Performing the operation `"Set GlorotUniform(seed=None) to GlorotUniform(seed=721984511)`" on target `"d kernel_initializer in whatif.json`"."
            "What if: Performing the operation `"Set GlorotUniform(seed=None) to Ones()`" on target `"d kernel_initializer in whatif.json`"."
            "What if: Performing the operation `"Set Zeros() to Ones()`" on target `"d bias_initializer in whatif.json`"."
        )
        Get-Content -LiteralPath $model -Raw | Should -BeExactly $text
    }
}
