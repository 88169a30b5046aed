/**
 * Health, more of the scale of the NHS A to Z of conditions: conditions, treatments, services and
 * impairments by name, with the forms constituents write (adjectives, "-ectomy" operations, common
 * misspellings and abbreviations). Plurals and possessives are found by the matcher. Names that are
 * everyday words too (burns, hives, thrush, a cold, a mole) are left out.
 */
export const conditionsAtoZ = `
abdominal aortic aneurysm|achalasia|acid reflux|acne|acoustic neuroma|acromegaly|acute kidney injury|acute myeloid leukaemia|addisons disease
alcohol related liver disease|alopecia|altitude sickness|alzeimers|altzheimers|alzhiemers|alzheimers disease|anal fistula|ankylosing spondylitis
anorexic|anorexia nervosa|aortic stenosis|aphasia|arrhythmia|arthritic|asbestosis|ataxia|atopic eczema|auditory processing disorder|bacterial vaginosis:sex
bipolar affective disorder|bladder cancer|bladder problems|blood cancer|blood poisoning|blood transfusion|bone cancer|bone marrow|bone marrow transplant
bowel cancer|bowel disease|bowel incontinence|brain haemorrhage|brain surgery|breast cancer|bronchiectasis|bulimic|bunion|bursitis|cardiomyopathy
cardiac|cardiac surgery|cardiac stent|stent|stents|angioplasty|cervical cancer|chickenpox|chlamydia:sex|gonorrhoea:sex|syphilis:sex|herpes:sex|genital warts:sex
chronic obstructive pulmonary disease|coronary heart disease|croup|cystitis|deep vein thrombosis|delirium|diabetis|diebetes|diabeetes|diabetes insipidus
diverticular disease|dysphagia|dystonia|ectopic pregnancy|endocarditis|epilepsey|epelepsy|epilipsy|epilepsie|erectile dysfunction:sex|essential tremor
gastroenteritis|gastric band|bariatric surgery|graves disease|guillain barre|haemorrhoids|hay fever|heart murmur|heart valve|heart surgery|open heart surgery
hiatus hernia|hirschsprungs|hirschsprungs disease|hodgkin lymphoma|non hodgkin lymphoma|huntingtons chorea|hyperthyroidism|hyperhidrosis|hyperemesis
impetigo|inflammatory bowel disease|irritable bowel syndrome|kidney infection|kidney cancer|polycystic kidney disease|labyrinthitis|lactose intolerance
laryngitis|lichen planus|liver cancer|liver failure|lung cancer|lyme disease|malaria|menieres disease|meniere|motor neuron disease|mouth cancer|mumps
myasthenia gravis|myalgic encephalomyelitis|me/cfs|neuropathy|peripheral neuropathy|norovirus|oesophageal cancer|osteomyelitis|ovarian cancer
pancreatic cancer|pelvic inflammatory disease|peptic ulcer|pericarditis|pleurisy|polio|polycystic ovary syndrome|pcos|PCOS|polymyalgia|polymyalgia rheumatica
prostate cancer|prostate|psoriatic arthritis|pulmonary embolism|raynauds|restless legs|rickets|rosacea|scabies|scarlet fever|sjogrens|skin cancer
spondylitis|stomach cancer|stomach ulcer|tendonitis|testicular cancer|tonsillitis|trigeminal neuralgia|urinary tract infection|uti|UTI|varicose veins
vasculitis|whooping cough|flu|influenza|flu jab|covid jab|schizo affective|schizoaffective|schizoaffective disorder|scizophrenia|skitsophrenia
schizophrenic|schitsophrenia|psychosis episode|psychotic episode|manic depression|depressive|clinical depression|severe depression|low mood
generalised anxiety disorder|social anxiety|health anxiety|panic disorder|emotionally unstable personality disorder|eupd|EUPD|bpd|BPD|complex ptsd|cptsd
c ptsd|post traumatic stress disorder|combat stress|adhd|add adhd|attention deficit|autism spectrum disorder|autism spectrum condition|ASC
pathological demand avoidance|tics|tic disorder|tourettes syndrome|developmental coordination disorder|dcd|fetal alcohol syndrome
deafblind|deaf blind|deafness|blindness|profoundly deaf|cochlear implant|hearing impairment|visual impairment|sight impairment|mobility impairment
speech impairment|cognitive impairment|physical disability|physical disabilities|hidden disability|invisible disability|neurological condition
limb loss|prosthetic|prosthetic leg|prosthesis|walking stick|rollator|hoist|commode|profiling bed|level access shower|grab rails
arthritic knees|joint pain|knee pain|neck pain|nerve damage|trapped nerve|bad back|spinal stenosis|herniated disc|degenerative disc disease
chemotherapy treatment|immunotherapy|hormone therapy|radiotherapy treatment|stem cell transplant|transfusion|dialysis machine|peritoneal dialysis
cataract operation|cataract surgery|hysterectomy|vasectomy|tonsillectomy|appendectomy|gallbladder removal|hernia repair|hip surgery|knee surgery
back surgery|spinal surgery|shoulder surgery|keyhole surgery|skin graft|cbt therapy|cbt sessions|talking therapy|talking therapies|iapt|IAPT|psychotherapy|hydrotherapy
cardiac rehab|pulmonary rehab|antibiotics|methotrexate|insulin injections|inhalers|blood thinners|chemo tablets|mirtazapine
quetiapine|olanzapine|risperidone|aripiprazole|clozapine|venlafaxine|amitriptyline|naproxen|oramorph|fentanyl|buprenorphine|subutex|naloxone
minor injuries unit|walk in centre|urgent treatment centre|mental health team|mental health nurse|mental health services|mental health unit
psychiatric ward|psychiatric hospital|psychiatric unit|secure unit|crisis line|cmht|CMHT|memory clinic|fracture clinic|eye clinic|diabetes clinic
hospice|patient transport|wheelchair services|audiology|podiatry|podiatrist|chiropodist|dietitian|dietician|endocrinologist|rheumatologist
gastroenterologist|dermatologist|urologist|gynaecologist|haematologist|paediatrician|neurosurgeon|orthopaedic|orthopaedics|cardiology|neurology
rheumatology|dermatology|urology|gynaecology|haematology|paediatrics|ophthalmology|radiology|renal unit|renal|stroke unit|cancer ward|chemo ward
having a baby|having our baby|having her baby|expecting a baby|expecting twins|expecting our first|morning sickness|antenatal|gestational diabetes
pre eclampsia|placenta|breastfeeding|baby was born early|born prematurely|special care baby unit|nicu|NICU|baby loss|still born
mental health problems|mental health issues|mental health crisis|breakdowns|struggling mentally|suicidal thoughts|suicide attempt|took an overdose
self harmed|cuts herself|cuts himself|eating disorders|arfid|ARFID|binge eating|alcohol problem|drink problem|drinking problem|gambling addiction
substance misuse|drug problem|cannabis psychosis|recovering alcoholic|aa meetings
diagnoses|misdiagnosis|prognosis|relapse|relapsed|in remission|remission|flare up|flare ups|chronic condition|chronic conditions|terminal diagnosis
actinic keratosis|adenomyosis|adrenal insufficiency|age related macular degeneration|albinism|alpha 1 antitrypsin|amyloidosis|anaphylactic|angioedema
anorexic|antiphospholipid syndrome|aplastic anaemia|arterial disease|peripheral arterial disease|asperger syndrome|atrial flutter|autoimmune disease
autoimmune condition|bells palsy|benign brain tumour|bile duct cancer|binge eating disorder|blood clots|body dysmorphic disorder|bowel obstruction
brain abscess|brain aneurysm|brain stem|breast lump|brittle bones|bronchiolitis|bulging disc|chiari malformation|chronic kidney failure|chronic migraine
coeliac|cold sores|colorectal cancer|complex regional pain syndrome|crps|CRPS|cushings syndrome|cyclothymia|degenerative|dementia with lewy bodies
lewy body dementia|frontotemporal dementia|early onset dementia|dissociative disorder|dissociative seizures|functional neurological disorder|fnd|FND
dysautonomia|POTS|postural tachycardia syndrome|ehlers danlos syndrome|EDS|hypermobility syndrome|heart arrhythmia|heart bypass|heart transplant
hepatitis b|hepatitis c|hereditary haemochromatosis|haemochromatosis|hydrocephalus|hypoglycaemic|hyperglycaemia|idiopathic intracranial hypertension
intracranial hypertension|interstitial cystitis|juvenile arthritis|keratoconus|kidney stones|klinefelter syndrome|learning disabled|leg ulcer|leg ulcers
lipoedema|long term sick|lung condition|lupus nephritis|lymphoedema|marfan syndrome|mastocytosis|mini strokes|mitochondrial disease|mixed connective tissue disease
motor neurone|multiple myeloma|muscle wasting|myotonic dystrophy|narcoleptic|neurofibromatosis|nephrotic syndrome|obsessive compulsive disorder|oesophagitis
optic neuritis|osteogenesis imperfecta|ovarian cyst|pagets disease|paralysed from the waist|pernicious anaemia|personality disorders|phenylketonuria
post natal depression|postpartum psychosis|prader willi|primary progressive ms|progressive supranuclear palsy|psoriatic|pulmonary hypertension
relapsing remitting ms|retinitis pigmentosa|rheumatic|sarcoidosis|scleroderma|secondary progressive ms|sickle cell disease|spinal muscular atrophy
spondylosis|stammering|stuttering|stroke survivor|tetraplegic|thyroid cancer|tourette|transient ischaemic attack|TIA|trichotillomania|turner syndrome
ulcerative|vascular disease|vestibular disorder|visual snow|williams syndrome|wolff parkinson white|womb cancer|uterine cancer|brain fog|chronic headaches
`;
